import { describe, expect, it } from 'vitest';
import { consumerOf, vatSummaryOf } from './build-invoice.ts';

describe('building an invoice', () => {
  it('bills a customer without billing data as a consumer from their name', () => {
    expect(consumerOf('Maria Grazia De Luca')).toMatchObject({ firstName: 'Maria Grazia De', lastName: 'Luca' });
    expect(consumerOf(' Mario  Rossi ')).toMatchObject({ kind: 'person', firstName: 'Mario', lastName: 'Rossi' });
    expect(consumerOf('Cher')).toMatchObject({ firstName: 'Cher', lastName: 'Cher', recipientCode: '0000000' });
  });

  it('sums the VAT summary per rate from the lines, so it adds up to the order', () => {
    const lines = [
      { net_cents: 1001, vat_cents: 220, vat_rate_bp: 2200 },
      { net_cents: 999, vat_cents: 220, vat_rate_bp: 2200 },
      { net_cents: 500, vat_cents: 50, vat_rate_bp: 1000 },
    ];
    expect(vatSummaryOf(lines)).toEqual([
      { vatRateBp: 2200, taxableCents: 2000, vatCents: 440, vatChargeability: 'I' },
      { vatRateBp: 1000, taxableCents: 500, vatCents: 50, vatChargeability: 'I' },
    ]);
  });
});
