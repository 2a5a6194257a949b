import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './render.ts';

describe('safeReturnPath', () => {
  it.each([
    ['/', '/'],
    ['/services/12', '/services/12'],
    ['/orders/ORD-2026-000001', '/orders/ORD-2026-000001'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    ['/login?next=//evil', '/'],
    ['/a"onmouseover', '/'],
    ['', '/'],
    [undefined, '/'],
    [42, '/'],
  ])('%j → %s', (input, expected) => {
    expect(safeReturnPath(input)).toBe(expected);
  });
});
