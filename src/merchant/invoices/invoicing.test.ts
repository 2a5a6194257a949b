import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { businessDate } from '../../shared/business-time.ts';
import { insertProductIfMissing } from '../catalog/product-repository.ts';
import { DEMO_BILLING } from '../demo/demo-data.ts';
import { markOrderPaid } from '../orders/mark-order-paid.ts';
import { completeAttempt } from '../payments/complete-attempt.ts';
import {
  attemptOf,
  capturedPayment,
  newOrder,
  openPaymentsKit,
  type PaymentsKit,
  payWithSavedCard,
} from '../payments/test-payments.ts';
import { requestRefund } from '../refunds/request-refund.ts';
import { runRenewalPass } from '../renewals/renewal-pass.ts';
import { daysBeforeExpiry, renewalDeps, renewOn } from '../renewals/test-renewals.ts';
import { insertSubscription } from '../subscriptions/subscription-repository.ts';
import { saveBillingProfile } from './billing-profile-repository.ts';
import { validateFatturaPa } from './fatturapa-validate.ts';
import { buildFatturaPaXml } from './fatturapa-xml.ts';
import { documentOf } from './fiscal-document-repository.ts';
import type { CustomerFiscalData } from './invoice-document.ts';
import { issueInvoice } from './issue-invoice.ts';
import { saveBillingDetails } from './save-billing-details.ts';

const MARIO_BILLING: CustomerFiscalData = {
  kind: 'person',
  firstName: 'Mario',
  lastName: 'Rossi',
  taxCode: 'RSSMRA80A01H501U',
  address: { street: 'Via Roma 1', postalCode: '00184', city: 'Roma', province: 'RM', country: 'IT' },
};

async function documentsOfOrder(kit: PaymentsKit, orderId: number) {
  return kit.db.selectFrom('fiscal_documents').selectAll().where('order_id', '=', orderId).orderBy('id').execute();
}

let keys = 0;
const refundKey = () => `invoicing-${++keys}-${Date.now()}`;

describe.each(testDatabaseKinds())('invoices and credit notes on %s', (kind) => {
  let kit: PaymentsKit;
  beforeAll(async () => {
    kit = await openPaymentsKit(kind);
    await saveBillingProfile(kit.db, kit.marioId, MARIO_BILLING, kit.clock.now());
  }, 120_000);
  afterAll(async () => {
    await kit?.close();
  });

  it('a card payment issues one fattura in its transaction, built from the order and the billing data', async () => {
    const { order, attempt } = await capturedPayment(kit);
    const [invoice, ...others] = await documentsOfOrder(kit, order.id);
    expect(others).toEqual([]);
    if (!invoice) throw new Error('no invoice');
    const year = Number(businessDate(kit.clock.now(), kit.deps.timeZone).slice(0, 4));
    expect(invoice).toMatchObject({
      kind: 'invoice',
      series: 'A',
      year,
      number: `${year}/A/${String(invoice.sequence).padStart(6, '0')}`,
      transmission_id: `A${year % 100}${String(invoice.sequence).padStart(6, '0')}`,
      issue_date: businessDate(kit.clock.now(), 'Europe/Rome'),
      customer_id: kit.marioId,
      refund_id: null,
      total_cents: order.total_cents,
      sdi_status: 'pending',
      needs_billing_data: false,
    });
    const lines = await kit.db.selectFrom('order_lines').selectAll().where('order_id', '=', order.id).execute();
    const document = documentOf(invoice);
    expect(document).toMatchObject({
      kind: 'invoice',
      number: invoice.number,
      transmissionId: invoice.transmission_id,
      transmissionFormat: 'FPR12',
      provider: { name: 'Cassa Servizi Digitali S.r.l.', vatNumber: '02154821009', taxRegime: 'RF01' },
      customer: MARIO_BILLING,
      netCents: order.net_cents,
      vatCents: order.vat_cents,
      totalCents: order.total_cents,
      orderNumber: order.number,
      payment: {
        method: 'MP08',
        terms: 'TP02',
        amountCents: attempt.amount_cents,
        paidOn: invoice.issue_date,
        cardLabel: 'Mastercard •••• 4444',
      },
      locale: 'it',
    });
    expect(document.lines).toEqual(
      lines.map((line, index) => ({
        number: index + 1,
        description: line.description,
        quantity: line.quantity,
        unitPriceCents: line.unit_price_cents,
        discountCents: line.discount_cents,
        netCents: line.net_cents,
        vatRateBp: line.vat_rate_bp,
      })),
    );
    expect(document.vatSummary).toEqual([
      { vatRateBp: 2200, taxableCents: order.net_cents, vatCents: order.vat_cents, vatChargeability: 'I' },
    ]);
  });

  it('the same order paid twice has one invoice: the second payment is refused, a second invoice too', async () => {
    const { order, attempt } = await capturedPayment(kit);
    const paidOrder = await kit.db
      .selectFrom('orders')
      .selectAll()
      .where('id', '=', order.id)
      .executeTakeFirstOrThrow();
    const again = await kit.db.transaction().execute((trx) =>
      markOrderPaid(trx, {
        order: paidOrder,
        attempt,
        channel: 'customer',
        card: { brand: 'mastercard', last4: '4444' },
        at: kit.clock.now(),
        renewalLeadDays: 7,
        timeZone: kit.deps.timeZone,
        fiscalProvider: kit.deps.fiscalProvider,
      }),
    );
    expect(again).toEqual({ ok: false, reason: 'not_awaiting_payment' });
    const issueAgain = kit.db.transaction().execute((trx) =>
      issueInvoice(trx, {
        provider: kit.deps.fiscalProvider,
        order: paidOrder,
        lines: [],
        customer: { id: kit.marioId, name: 'Mario Rossi', locale: 'it', fiscal: MARIO_BILLING },
        payment: { amountCents: attempt.amount_cents, at: kit.clock.now(), card: { brand: 'visa', last4: '4242' } },
        timeZone: kit.deps.timeZone,
      }),
    );
    await expect(issueAgain).rejects.toThrow(/fiscal_documents_one_invoice_idx/);
    expect(await documentsOfOrder(kit, order.id)).toHaveLength(1);
  });

  it('numbers are gapless per series and year, a rolled-back issue gives its number back, a new year starts at 1', async () => {
    const first = await capturedPayment(kit);
    const [a] = await documentsOfOrder(kit, first.order.id);
    // A payment whose transaction fails after the invoice: its number is not lost.
    const failing = await newOrder(kit, 'pec');
    await expect(
      kit.db.transaction().execute(async (trx) => {
        await issueInvoice(trx, {
          provider: kit.deps.fiscalProvider,
          order: failing,
          lines: [],
          customer: { id: kit.marioId, name: 'Mario Rossi', locale: 'it', fiscal: MARIO_BILLING },
          payment: { amountCents: failing.total_cents, at: kit.clock.now(), card: { brand: 'visa', last4: '4242' } },
          timeZone: kit.deps.timeZone,
        });
        throw new Error('the payment failed after the invoice');
      }),
    ).rejects.toThrow('the payment failed');
    const second = await capturedPayment(kit);
    const [b] = await documentsOfOrder(kit, second.order.id);
    expect(b?.sequence).toBe((a?.sequence ?? 0) + 1);

    // 23:30 UTC on 31 December is 00:30 on 1 January in Rome: the invoice is of the new year, number 1.
    const now = kit.clock.now();
    const nextYear = Number(businessDate(now, 'Europe/Rome').slice(0, 4)) + 1;
    try {
      kit.clock.set(`${nextYear - 1}-12-31T23:30:00Z`);
      const newYear = await capturedPayment(kit);
      const [c] = await documentsOfOrder(kit, newYear.order.id);
      expect(c).toMatchObject({
        year: nextYear,
        sequence: 1,
        number: `${nextYear}/A/000001`,
        issue_date: `${nextYear}-01-01`,
      });
      // The credit notes' series counts apart from the invoices'.
      const refunded = await requestRefund(kit.deps, {
        paymentPublicId: newYear.attempt.public_id,
        amountCents: 500,
        reason: 'Sconto',
        idempotencyKey: refundKey(),
        requestedBy: 'operator:1',
      });
      expect(refunded.ok).toBe(true);
      const [, note] = await documentsOfOrder(kit, newYear.order.id);
      expect(note).toMatchObject({ kind: 'credit_note', series: 'NC', sequence: 1, number: `${nextYear}/NC/000001` });
      expect(note?.transmission_id).toBe(`NC${nextYear % 100}000001`);
    } finally {
      kit.clock.set(now);
    }
  });

  it('a refund issues one TD04 credit note linked to the invoice, for the refunded amount to the cent', async () => {
    const { order, attempt } = await capturedPayment(kit);
    const [invoice] = await documentsOfOrder(kit, order.id);
    if (!invoice) throw new Error('no invoice');
    const partial = await requestRefund(kit.deps, {
      paymentPublicId: attempt.public_id,
      amountCents: 1001,
      reason: 'Sconto concordato',
      idempotencyKey: refundKey(),
      requestedBy: 'operator:1',
    });
    expect(partial.ok).toBe(true);
    const [, note] = await documentsOfOrder(kit, order.id);
    if (!note) throw new Error('no credit note');
    const refund = await kit.db
      .selectFrom('refunds')
      .select('id')
      .where('order_id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(note).toMatchObject({ kind: 'credit_note', series: 'NC', refund_id: refund.id, total_cents: 1001 });
    // 1001 with VAT at 22 %: 820.49… → 820 net, 181 VAT.
    expect(documentOf(note)).toMatchObject({
      kind: 'credit_note',
      number: note.number,
      relatedInvoice: { number: invoice.number, issueDate: invoice.issue_date },
      customer: MARIO_BILLING,
      lines: [
        {
          number: 1,
          description: `Storno parziale fattura ${invoice.number}`,
          quantity: 1,
          unitPriceCents: 820,
          netCents: 820,
          vatRateBp: 2200,
        },
      ],
      vatSummary: [{ vatRateBp: 2200, taxableCents: 820, vatCents: 181, vatChargeability: 'I' }],
      netCents: 820,
      vatCents: 181,
      totalCents: 1001,
    });
    // The note as the refund stored it is a valid FatturaPA TD04 naming the invoice it corrects.
    const xml = buildFatturaPaXml(documentOf(note));
    expect(await validateFatturaPa(xml)).toEqual({ valid: true });
    expect(xml).toContain('<TipoDocumento>TD04</TipoDocumento>');
    expect(xml).toMatch(
      new RegExp(
        `<DatiFattureCollegate>\\s*<IdDocumento>${invoice.number}</IdDocumento>\\s*<Data>${invoice.issue_date}</Data>`,
        'u',
      ),
    );

    const rest = attempt.amount_cents - 1001;
    const full = await requestRefund(kit.deps, {
      paymentPublicId: attempt.public_id,
      amountCents: rest,
      reason: 'Recesso',
      idempotencyKey: refundKey(),
      requestedBy: 'operator:1',
    });
    expect(full.ok).toBe(true);
    const notes = (await documentsOfOrder(kit, order.id)).filter((d) => d.kind === 'credit_note');
    expect(notes.map((d) => d.total_cents)).toEqual([1001, rest]);
    expect(notes[1]?.sequence).toBe((notes[0]?.sequence ?? 0) + 1);
  });

  it('a refund of an order paid before invoicing (no invoice) succeeds without a credit note', async () => {
    const { order, attempt } = await capturedPayment(kit);
    // As an order paid before this version: the database has no invoice for it.
    await kit.db.deleteFrom('fiscal_documents').where('order_id', '=', order.id).execute();
    const refunded = await requestRefund(kit.deps, {
      paymentPublicId: attempt.public_id,
      amountCents: 100,
      reason: 'Sconto',
      idempotencyKey: refundKey(),
      requestedBy: 'operator:1',
    });
    expect(refunded).toMatchObject({ ok: true, refund: { status: 'succeeded' } });
    expect(await documentsOfOrder(kit, order.id)).toEqual([]);
  });

  it('a customer without billing data is still invoiced, as a consumer, completed when they give it before it is sent', async () => {
    await kit.db.deleteFrom('customer_billing_profiles').where('customer_id', '=', kit.marioId).execute();
    try {
      const { order } = await capturedPayment(kit);
      const [invoice] = await documentsOfOrder(kit, order.id);
      expect(invoice?.needs_billing_data).toBe(true);
      expect(documentOf(invoice as NonNullable<typeof invoice>).customer).toEqual({
        kind: 'person',
        firstName: 'Mario',
        lastName: 'Rossi',
        taxCode: '',
        address: { street: '', postalCode: '', city: '', country: 'IT' },
        recipientCode: '0000000',
      });
      // A second one the SdI has already received (as the SDI port will mark it): it stays as it was sent.
      const sent = await capturedPayment(kit);
      await kit.db
        .updateTable('fiscal_documents')
        .set({ sdi_status: 'sent' })
        .where('order_id', '=', sent.order.id)
        .execute();

      // Saving the billing data completes the documents not yet transmitted: number and amounts unchanged.
      expect(
        await saveBillingDetails(kit.db, { customerId: kit.marioId, data: MARIO_BILLING, at: kit.clock.now() }),
      ).toEqual({
        completedDocuments: 1,
      });
      const [completed] = await documentsOfOrder(kit, order.id);
      expect(completed).toMatchObject({
        needs_billing_data: false,
        number: invoice?.number,
        total_cents: invoice?.total_cents,
      });
      expect(documentOf(completed as NonNullable<typeof completed>)).toMatchObject({
        customer: MARIO_BILLING,
        number: invoice?.number,
        lines: documentOf(invoice as NonNullable<typeof invoice>).lines,
      });
      const [untouched] = await documentsOfOrder(kit, sent.order.id);
      expect(untouched?.needs_billing_data).toBe(true);
      expect(documentOf(untouched as NonNullable<typeof untouched>).customer.kind).toBe('person');
      expect(documentOf(untouched as NonNullable<typeof untouched>).customer).toMatchObject({ taxCode: '' });
    } finally {
      await saveBillingProfile(kit.db, kit.marioId, MARIO_BILLING, kit.clock.now());
    }
  });

  it('a product sold without VAT is invoiced with its Natura on the line and in the summary, and its XML validates', async () => {
    await insertProductIfMissing(kit.db, {
      code: 'fuoricampo',
      name_it: 'Servizio fuori campo IVA',
      name_en: 'Service outside the scope of VAT',
      yearly_price_cents: 1_000,
      vat_rate_bp: 0,
      vat_nature: 'N2.2',
      auto_renew_available: false,
    });
    await insertSubscription(kit.db, {
      customerId: kit.marioId,
      productCode: 'fuoricampo',
      label: 'mario-fuoricampo',
      status: 'active',
      activatedOn: '2026-01-01',
      expiresOn: '2026-12-31',
    });
    const { order } = await capturedPayment(kit, 'fuoricampo');
    const [invoice] = await documentsOfOrder(kit, order.id);
    if (!invoice) throw new Error('no invoice');
    const document = documentOf(invoice);
    expect(document.lines).toMatchObject([{ vatRateBp: 0, vatNature: 'N2.2', netCents: 1_000 }]);
    expect(document.vatSummary).toEqual([
      { vatRateBp: 0, vatNature: 'N2.2', taxableCents: 1_000, vatCents: 0, vatChargeability: 'I' },
    ]);
    const xml = buildFatturaPaXml(document);
    expect(await validateFatturaPa(xml)).toEqual({ valid: true });
    expect([...xml.matchAll(/<Natura>(N2\.2)<\/Natura>/gu)]).toHaveLength(2);
  });

  it('the database refuses a 0 % product without a Natura, a Natura with VAT, and a code that is not one', async () => {
    const product = {
      code: 'bad_nature',
      name_it: 'x',
      name_en: 'x',
      yearly_price_cents: 100,
      auto_renew_available: false,
    };
    for (const [vat_rate_bp, vat_nature] of [
      [0, null],
      [2200, 'N2.2'],
      [0, 'N8'],
    ] as const) {
      await expect(
        kit.db
          .insertInto('products')
          .values({ ...product, vat_rate_bp, vat_nature })
          .execute(),
      ).rejects.toThrow(/check constraint/u);
    }
  });

  it('a public administration is invoiced in FPA12', async () => {
    const administration: CustomerFiscalData = {
      kind: 'public_administration',
      name: 'Comune di Esempio',
      taxCode: '00743110157',
      officeCode: 'UFY9MH',
      address: { street: 'Piazza del Comune 1', postalCode: '00100', city: 'Roma', province: 'RM', country: 'IT' },
    };
    await saveBillingProfile(kit.db, kit.marioId, administration, kit.clock.now());
    try {
      const { order } = await capturedPayment(kit);
      const [invoice] = await documentsOfOrder(kit, order.id);
      expect(documentOf(invoice as NonNullable<typeof invoice>)).toMatchObject({
        transmissionFormat: 'FPA12',
        customer: administration,
      });
    } finally {
      await saveBillingProfile(kit.db, kit.marioId, MARIO_BILLING, kit.clock.now());
    }
  });

  it('50 payments completed at once get 50 invoices numbered one after another, no gap, no duplicate', async () => {
    const products = ['pec', 'spid', 'conservazione', 'fatturazione_pa', 'firma_digitale', 'marca_temporale'];
    const subscribed = await kit.db
      .selectFrom('subscriptions')
      .select('product_code')
      .where('customer_id', '=', kit.marioId)
      .execute();
    const codes = products.filter((code) => subscribed.some((s) => s.product_code === code));
    const started = [];
    for (let i = 0; i < 50; i++) {
      const order = await newOrder(kit, codes[i % codes.length] as string);
      started.push({ order, attempt: await payWithSavedCard(kit, order.number) });
    }
    const before = await kit.db
      .selectFrom('fiscal_counters')
      .select('last_number')
      .where('series', '=', 'A')
      .where('year', '=', Number(businessDate(kit.clock.now(), kit.deps.timeZone).slice(0, 4)))
      .executeTakeFirst();
    // Every completion is its own transaction through completeAttempt → recordAuthorization → markOrderPaid.
    await Promise.all(started.map(({ attempt }) => completeAttempt(kit.deps, attempt.id, 'return')));
    const invoices = await kit.db
      .selectFrom('fiscal_documents')
      .select(['sequence', 'number', 'order_id'])
      .where('kind', '=', 'invoice')
      .where(
        'order_id',
        'in',
        started.map((s) => s.order.id),
      )
      .orderBy('sequence')
      .execute();
    const first = (before?.last_number ?? 0) + 1;
    expect(invoices.map((i) => i.sequence)).toEqual(Array.from({ length: 50 }, (_, i) => first + i));
    expect(new Set(invoices.map((i) => i.order_id)).size).toBe(50);
    for (const { attempt } of started)
      expect(['authorized', 'captured']).toContain((await attemptOf(kit, attempt.id)).status);
  }, 120_000);

  it('the counter itself hands 50 concurrent issuers 50 consecutive numbers', async () => {
    const orders = [];
    for (let i = 0; i < 50; i++) orders.push(await newOrder(kit, 'pec'));
    const year = 2090; // a year no other test issues in: the counter starts afresh
    const at = new Date(`${year}-06-01T10:00:00Z`);
    const issued = await Promise.all(
      orders.map((order) =>
        kit.db.transaction().execute((trx) =>
          issueInvoice(trx, {
            provider: kit.deps.fiscalProvider,
            order,
            lines: [],
            customer: { id: kit.marioId, name: 'Mario Rossi', locale: 'it', fiscal: MARIO_BILLING },
            payment: { amountCents: order.total_cents, at, card: { brand: 'visa', last4: '4242' } },
            timeZone: kit.deps.timeZone,
          }),
        ),
      ),
    );
    expect(issued.map((d) => d.row.sequence).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    expect(new Set(issued.map((d) => d.document.number)).size).toBe(50);
    expect(issued.every((d) => d.document.number === d.row.number)).toBe(true);
  }, 60_000);
});

describe.each(testDatabaseKinds())('the invoice of a renewal charge on %s', (kind) => {
  let kit: PaymentsKit;
  beforeAll(async () => {
    kit = await openPaymentsKit(kind);
  }, 120_000);
  afterAll(async () => {
    await kit?.close();
  });

  it('an automatic renewal charge issues the renewal order’s invoice, dated the day of the charge in Rome', async () => {
    const pec = await renewOn(kit, 'pec', kit.marioCardId);
    daysBeforeExpiry(kit, pec, 6);
    expect(await runRenewalPass(renewalDeps(kit))).toMatchObject({ approved: 1 });
    const renewal = await kit.db
      .selectFrom('renewals')
      .selectAll()
      .where('subscription_id', '=', pec.id)
      .executeTakeFirstOrThrow();
    const [invoice, ...others] = await documentsOfOrder(kit, renewal.order_id);
    expect(others).toEqual([]);
    const order = await kit.db
      .selectFrom('orders')
      .selectAll()
      .where('id', '=', renewal.order_id)
      .executeTakeFirstOrThrow();
    expect(invoice).toMatchObject({
      kind: 'invoice',
      issue_date: businessDate(kit.clock.now(), 'Europe/Rome'),
      total_cents: order.total_cents,
      needs_billing_data: false,
    });
    expect(documentOf(invoice as NonNullable<typeof invoice>).customer).toEqual(DEMO_BILLING[0]);
    expect(documentOf(invoice as NonNullable<typeof invoice>).payment).toMatchObject({
      method: 'MP08',
      amountCents: order.total_cents,
      cardLabel: 'Mastercard •••• 4444',
    });
  });
});
