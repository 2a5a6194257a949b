import { describe, expect, test } from 'vitest';
import { classifySearch } from './search-query.ts';

const HEX = '0123456789abcdef0123456789abcdef';

describe('what a search query looks like', () => {
  test.each([
    ['ORD-2026-000123', { kind: 'order_number', number: 'ORD-2026-000123', whole: true }],
    ['  ord-2026-000123 ', { kind: 'order_number', number: 'ORD-2026-000123', whole: true }],
    ['ORD-2026-0001', { kind: 'order_number', number: 'ORD-2026-0001', whole: false }],
    ['ORD-2026', { kind: 'order_number', number: 'ORD-2026', whole: false }],
    ['4242', { kind: 'card_last4', digits: '4242' }],
    [`pa_${HEX}`, { kind: 'payment_id', id: `pa_${HEX}`, whole: true }],
    [`CV_${HEX.toUpperCase()}`, { kind: 'payment_id', id: `cv_${HEX}`, whole: true }],
    ['pa_0123', { kind: 'payment_id', id: 'pa_0123', whole: false }],
    [`ps_${HEX}`, { kind: 'bank_session', id: `ps_${HEX}`, whole: true }],
    ['ps_abcdef', { kind: 'bank_session', id: 'ps_abcdef', whole: false }],
    ['cus_12', { kind: 'api_id', object: 'customer', id: 12 }],
    ['ORD_345', { kind: 'api_id', object: 'order', id: 345 }],
    ['Mario.Rossi@Example.com', { kind: 'email', email: 'mario.rossi@example.com', text: 'Mario.Rossi@Example.com' }],
    ['Mario Rossi', { kind: 'text', text: 'Mario Rossi' }],
  ])('%j', (query, expected) => {
    expect(classifySearch(query)).toEqual(expected);
  });

  test.each([
    // Not quite an identifier: read as text, never as a lookup that would find nothing or the wrong thing.
    ['424', 'text'],
    ['42424', 'text'],
    ['pa_012', 'text'],
    [`pa_${HEX}0`, 'text'],
    ['ps_xyz1', 'text'],
    ['ORD-20', 'text'],
    ['ORD-2026-000123-1', 'text'],
    ['cus_0', 'text'],
    ['cus_abc', 'text'],
    ['mario @example.com', 'text'],
    ["'; drop table customers; --", 'text'],
  ])('%j is free text', (query, kind) => {
    expect(classifySearch(query).kind).toBe(kind);
  });

  test('fewer than 2 or more than 200 characters after trimming are refused, counted in characters', () => {
    expect(classifySearch('')).toEqual({ kind: 'too_short' });
    expect(classifySearch('   a   ')).toEqual({ kind: 'too_short' });
    expect(classifySearch('ab').kind).toBe('text');
    expect(classifySearch('x'.repeat(200)).kind).toBe('text');
    expect(classifySearch(` ${'x'.repeat(200)} `).kind).toBe('text');
    expect(classifySearch('x'.repeat(201))).toEqual({ kind: 'too_long' });
    // 200 emoji are 400 UTF-16 units but 200 characters.
    expect(classifySearch('😀'.repeat(200)).kind).toBe('text');
  });
});
