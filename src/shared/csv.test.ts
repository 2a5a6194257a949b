import { describe, expect, test } from 'vitest';
import { csvAmount, csvAmountDecimalComma, csvField, csvInstant, csvLines, csvRecord } from './csv.ts';

describe('csv', () => {
  test('plain fields are written as they are, empty for nothing', () => {
    expect(csvRecord(['ORD-2026-000001', 12, null, undefined, ''])).toBe('ORD-2026-000001,12,,,\r\n');
  });

  test('a comma, a quote or a line break is quoted, quotes doubled (RFC 4180)', () => {
    expect(csvField('Rossi, Mario')).toBe('"Rossi, Mario"');
    expect(csvField('il "Mago"')).toBe('"il ""Mago"""');
    expect(csvField('riga 1\nriga 2')).toBe('"riga 1\nriga 2"');
    expect(csvField('a\r\nb')).toBe('"a\r\nb"');
  });

  test.each([
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+39 333', "'+39 333"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcalc', "'\tcalc"],
    ['\rcalc', `"'\rcalc"`],
  ])('a text that would be a formula stays text: %j', (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  test('amounts are decimal euros with a dot, never neutralised', () => {
    expect(csvField(csvAmount(1220))).toBe('12.20');
    expect(csvField(csvAmount(5))).toBe('0.05');
    expect(csvField(csvAmount(0))).toBe('0.00');
    expect(csvField(csvAmount(-123456))).toBe('-1234.56');
  });

  test('instants are ISO 8601 UTC', () => {
    expect(csvInstant(new Date('2026-11-28T10:00:00+01:00'))).toBe('2026-11-28T09:00:00.000Z');
    expect(csvInstant(null)).toBeNull();
  });

  test('a document is its header, then every batch in order', async () => {
    async function* batches() {
      yield [{ n: 1 }, { n: 2 }];
      yield [];
      yield [{ n: 3 }];
    }
    const lines: string[] = [];
    for await (const chunk of csvLines(['n'], batches(), (row) => [row.n])) lines.push(chunk);
    expect(lines.join('')).toBe('n\r\n1\r\n2\r\n3\r\n');
  });

  test('the Italian spreadsheet form: semicolons, decimal commas, a field quoted for its semicolon', () => {
    expect(csvRecord(['Rossi; Bianchi', 'a,b', csvAmountDecimalComma(4880), csvAmountDecimalComma(-5)], ';')).toBe(
      '"Rossi; Bianchi";a,b;48,80;-0,05\r\n',
    );
    expect(csvField('x;y')).toBe('x;y');
  });
});
