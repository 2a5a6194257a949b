import { describe, expect, it } from 'vitest';
import type { Refund } from '../../db/schema.ts';
import { DEMO_INVOICE_PROVIDER } from '../../invoice-provider-config.ts';
import type { FiscalDocument } from './invoice-document.ts';
import { buildCreditNote } from './issue-credit-note.ts';

const invoice = {
  kind: 'invoice',
  number: '2026/A/000042',
  issueDate: '2026-12-03',
  transmissionFormat: 'FPR12',
  customer: { kind: 'company', name: 'ACME', vatNumber: '12345678903', address: {} },
  // Two rates: 100,00 + 22 % and 50,00 + 10 %: 122,00 + 55,00 = 177,00.
  vatSummary: [
    { vatRateBp: 2200, taxableCents: 10_000, vatCents: 2_200, vatChargeability: 'I' },
    { vatRateBp: 1000, taxableCents: 5_000, vatCents: 500, vatChargeability: 'I' },
  ],
  totalCents: 17_700,
  orderNumber: 'ORD-2026-000042',
  payment: { cardLabel: 'Visa •••• 4242' },
  locale: 'it',
} as unknown as FiscalDocument;

const refund = (amountCents: number) => ({ id: 7, order_id: 42, amount_cents: amountCents }) as unknown as Refund;
const at = new Date('2026-12-10T23:30:00Z');

describe('the credit note of a refund', () => {
  it('a whole refund mirrors the invoice’s VAT summary, dated the refund’s day in Rome', () => {
    const note = buildCreditNote(invoice, {
      provider: DEMO_INVOICE_PROVIDER,
      refund: refund(17_700),
      at,
      timeZone: 'Europe/Rome',
    });
    expect(note).toMatchObject({
      kind: 'credit_note',
      issueDate: '2026-12-11',
      vatSummary: invoice.vatSummary,
      netCents: 15_000,
      vatCents: 2_700,
      totalCents: 17_700,
      relatedInvoice: { number: '2026/A/000042', issueDate: '2026-12-03' },
      payment: { method: 'MP08', amountCents: 17_700, paidOn: '2026-12-11', cardLabel: 'Visa •••• 4242' },
    });
    expect(note.lines.map((l) => l.description)).toEqual([
      'Storno totale fattura 2026/A/000042 (IVA 22%)',
      'Storno totale fattura 2026/A/000042 (IVA 10%)',
    ]);
  });

  it('a partial refund is split over the rates in proportion, to the cent', () => {
    // 100,01 over 122 : 55 → 68,93 and 31,08 (largest remainder), then net and VAT of each.
    const note = buildCreditNote(invoice, {
      provider: DEMO_INVOICE_PROVIDER,
      refund: refund(10_001),
      at,
      timeZone: 'Europe/Rome',
    });
    expect(note.vatSummary).toEqual([
      { vatRateBp: 2200, taxableCents: 5_650, vatCents: 1_243, vatChargeability: 'I' },
      { vatRateBp: 1000, taxableCents: 2_825, vatCents: 283, vatChargeability: 'I' },
    ]);
    expect(note.totalCents).toBe(10_001);
    expect(note.netCents + note.vatCents).toBe(10_001);
    for (const amount of [1, 2, 3, 99, 177, 17_699]) {
      const split = buildCreditNote(invoice, {
        provider: DEMO_INVOICE_PROVIDER,
        refund: refund(amount),
        at,
        timeZone: 'Europe/Rome',
      });
      expect(split.vatSummary.reduce((sum, row) => sum + row.taxableCents + row.vatCents, 0)).toBe(amount);
    }
  });
});
