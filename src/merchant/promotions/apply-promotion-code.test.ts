import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { merchantMigrations } from '../../db/migrations/index.ts';
import type { MerchantDatabase, OrderKind } from '../../db/schema.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/test-databases.ts';
import { ManualClock } from '../../shared/clock.ts';
import { createOrder } from '../orders/create-order.ts';
import { findOrderOfCustomer, listOrderEvents, transitionOrder } from '../orders/order-repository.ts';
import { customerWithService } from '../orders/test-fixtures.ts';
import { insertAttempt, transitionAttempt } from '../payments/attempt-repository.ts';
import { newAttemptPublicId } from '../payments/public-ids.ts';
import { applyPromotionCode } from './apply-promotion-code.ts';
import { createPromotion, type NewPromotion } from './create-promotion.ts';
import { endPromotion } from './end-promotion.ts';

const ROME = 'Europe/Rome';

describe.each(testDatabaseKinds())('applying a discount code on %s', (kind) => {
  let db: Kysely<MerchantDatabase>;
  let close: () => Promise<void>;
  const clock = new ManualClock('2026-12-10T10:00:00Z');
  const deps = () => ({ db, clock, timeZone: ROME });
  let seq = 0;

  beforeAll(async () => {
    ({ db, close } = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations));
    await customerWithService(db, 'pec'); // the catalogue
  });
  afterAll(() => close());

  /** A promotion with a code of its own (20% on PEC renewals in December unless told otherwise). */
  async function promotion(overrides: Partial<NewPromotion> = {}) {
    seq += 1;
    const result = await createPromotion(deps(), {
      campaign: `#Campaign${seq}`,
      code: `CODE${kind.toUpperCase()}${seq}`,
      productCode: 'pec',
      discount: { kind: 'percent', basisPoints: 2000 },
      appliesTo: 'renewal',
      validFrom: '2026-12-01',
      validUntil: '2026-12-31',
      ...overrides,
    });
    if (!result.ok) throw new Error(`promotion not created: ${JSON.stringify(result)}`);
    return result.promotion;
  }

  async function order(productCode = 'pec', orderKind: OrderKind = 'renewal') {
    const { customerId, subscription } = await customerWithService(db, productCode);
    const created = await createOrder(
      db,
      { customerId, subscriptionId: subscription.id, kind: orderKind, periodYears: 1 },
      { clock, timeZone: ROME },
    );
    return { customerId, order: created };
  }

  const apply = (customerId: number, orderNumber: string, code: string) =>
    applyPromotionCode(deps(), { customerId, orderNumber, code });

  it('recomputes the lines and the VAT of the order, writes an order-history row, and matches the code in any case', async () => {
    const p = await promotion();
    const { customerId, order: o } = await order();
    expect(o.total_cents).toBe(3538);
    const result = await apply(customerId, o.number, `  ${p.code!.toLowerCase()} `);
    expect(result).toMatchObject({ ok: true, discountCents: 580, promotion: { id: p.id } });
    const found = await findOrderOfCustomer(db, customerId, o.number);
    // 29.00 − 20% = 23.20 net; 22% VAT of 23.20 = 5.104 → 5.10; total 28.30.
    expect(found?.order).toMatchObject({ promotion_id: p.id, net_cents: 2320, vat_cents: 510, total_cents: 2830 });
    expect(found?.lines).toMatchObject([
      { quantity: 1, unit_price_cents: 2900, discount_cents: 580, net_cents: 2320, vat_cents: 510 },
    ]);
    const events = await listOrderEvents(db, o.id);
    expect(events.at(-1)).toMatchObject({
      from_state: 'awaiting_payment',
      to_state: 'awaiting_payment',
      reason: expect.stringMatching(
        new RegExp(`discount code ${p.code} \\(${p.campaign}\\) applied.*€35\\.38 → €28\\.30`),
      ),
      at: clock.now(),
    });
  });

  it('takes one code per order: the same code again, or another one, is refused and changes nothing', async () => {
    const first = await promotion();
    const second = await promotion({ discount: { kind: 'amount', cents: 500 } });
    const { customerId, order: o } = await order();
    expect((await apply(customerId, o.number, first.code!)).ok).toBe(true);
    expect(await apply(customerId, o.number, first.code!)).toEqual({
      ok: false,
      reason: 'already_applied',
      code: first.code,
    });
    expect(await apply(customerId, o.number, second.code!)).toMatchObject({
      reason: 'already_applied',
      code: first.code,
    });
    expect((await findOrderOfCustomer(db, customerId, o.number))?.order.total_cents).toBe(2830);
  });

  it('says precisely why a code is refused: unknown, expired (with its end date), not yet valid, ended by an operator', async () => {
    const { customerId, order: o } = await order();
    expect(await apply(customerId, o.number, 'NOSUCHCODE')).toEqual({
      ok: false,
      reason: 'unknown_code',
      code: 'NOSUCHCODE',
    });
    expect(await apply(customerId, o.number, 'no such code!')).toMatchObject({ reason: 'unknown_code' });
    const expired = await promotion({ validFrom: '2026-11-01', validUntil: '2026-11-30' });
    expect(await apply(customerId, o.number, expired.code!)).toEqual({
      ok: false,
      reason: 'expired',
      code: expired.code,
      endedOn: '2026-11-30',
    });
    const later = await promotion({ validFrom: '2027-01-01', validUntil: '2027-01-31' });
    expect(await apply(customerId, o.number, later.code!)).toEqual({
      ok: false,
      reason: 'not_yet_valid',
      code: later.code,
      startsOn: '2027-01-01',
    });
    const ended = await promotion();
    expect((await endPromotion(deps(), { code: ended.code!.toLowerCase() })).ok).toBe(true);
    expect(await apply(customerId, o.number, ended.code!)).toMatchObject({ reason: 'expired', endedOn: '2026-12-10' });
    expect(await endPromotion(deps(), { id: ended.id })).toEqual({ ok: false, reason: 'already_ended' });
    expect((await findOrderOfCustomer(db, customerId, o.number))?.order).toMatchObject({
      promotion_id: null,
      total_cents: 3538,
    });
  });

  it('refuses a code for another product, and one for the other kind of order (first purchase only, renewals only)', async () => {
    const pecRenewals = await promotion();
    const spid = await order('spid');
    expect(await apply(spid.customerId, spid.order.number, pecRenewals.code!)).toEqual({
      ok: false,
      reason: 'wrong_product',
      code: pecRenewals.code,
    });
    const purchase = await order('pec', 'purchase');
    expect(await apply(purchase.customerId, purchase.order.number, pecRenewals.code!)).toMatchObject({
      reason: 'renewal_only',
    });
    const firstPurchaseOnly = await promotion({ appliesTo: 'purchase', productCode: null });
    const renewal = await order('spid');
    expect(await apply(renewal.customerId, renewal.order.number, firstPurchaseOnly.code!)).toMatchObject({
      reason: 'purchase_only',
    });
    expect((await apply(purchase.customerId, purchase.order.number, firstPurchaseOnly.code!)).ok).toBe(true);
  });

  it('a fixed amount never takes the line below zero', async () => {
    const big = await promotion({ discount: { kind: 'amount', cents: 10_000 }, appliesTo: 'both' });
    const { customerId, order: o } = await order();
    expect(await apply(customerId, o.number, big.code!)).toMatchObject({ ok: true, discountCents: 2900 });
    expect((await findOrderOfCustomer(db, customerId, o.number))?.order).toMatchObject({
      net_cents: 0,
      vat_cents: 0,
      total_cents: 0,
    });
  });

  it('is refused while a payment of the order is open, and once it is paid or cancelled; and for another customer', async () => {
    const p = await promotion();
    const { customerId, order: o } = await order();
    const started = await db.transaction().execute((trx) =>
      insertAttempt(trx, {
        publicId: newAttemptPublicId(),
        purpose: 'order_payment',
        gateway: 'sandbox',
        orderId: o.id,
        customerId,
        requestKey: newAttemptPublicId(),
        amountCents: o.total_cents,
        currency: 'EUR',
        savedCardId: null,
        at: clock.now(),
      }),
    );
    expect(await apply(customerId, o.number, p.code!)).toEqual({ ok: false, reason: 'payment_in_progress' });
    // The customer gave up at the bank: the order can take a code again before the next try.
    const abandoned = await transitionAttempt(db, {
      attemptId: started.kind === 'created' ? started.attempt.id : 0,
      from: 'created',
      to: 'abandoned',
      reason: 'test',
      at: clock.now(),
    });
    expect(abandoned.ok).toBe(true);
    const other = await order();
    expect(await apply(other.customerId, o.number, p.code!)).toEqual({ ok: false, reason: 'unknown_order' });
    expect((await apply(customerId, o.number, p.code!)).ok).toBe(true);

    const paid = await order();
    await transitionOrder(db, {
      orderId: paid.order.id,
      from: 'awaiting_payment',
      to: 'paid',
      reason: 'test',
      at: clock.now(),
    });
    expect(await apply(paid.customerId, paid.order.number, p.code!)).toEqual({
      ok: false,
      reason: 'not_awaiting_payment',
    });
    const cancelled = await order();
    await transitionOrder(db, {
      orderId: cancelled.order.id,
      from: 'awaiting_payment',
      to: 'cancelled',
      reason: 'test',
      at: clock.now(),
    });
    expect(await apply(cancelled.customerId, cancelled.order.number, p.code!)).toMatchObject({
      reason: 'not_awaiting_payment',
    });
  });

  it('a promotion without a code is taken by new orders of its product and kind by themselves, and counts as their one', async () => {
    const automatic = await promotion({ code: null, discount: { kind: 'amount', cents: 400 }, appliesTo: 'both' });
    const smaller = await promotion({ code: null, discount: { kind: 'amount', cents: 100 }, appliesTo: 'both' });
    const withCode = await promotion();
    try {
      const { customerId, order: o } = await order();
      // 29.00 − 4.00 = 25.00 net, 5.50 VAT, 30.50: the larger of the two, not both.
      expect(o).toMatchObject({ promotion_id: automatic.id, net_cents: 2500, vat_cents: 550, total_cents: 3050 });
      expect((await findOrderOfCustomer(db, customerId, o.number))?.lines).toMatchObject([{ discount_cents: 400 }]);
      expect((await listOrderEvents(db, o.id)).map((e) => e.reason)).toEqual([
        'created',
        `promotion ${automatic.campaign} applied`,
      ]);
      expect(await apply(customerId, o.number, withCode.code!)).toEqual({
        ok: false,
        reason: 'already_applied',
        code: automatic.campaign,
      });
      const spid = await order('spid');
      expect(spid.order.promotion_id).toBeNull();
    } finally {
      await endPromotion(deps(), { id: automatic.id });
      await endPromotion(deps(), { id: smaller.id });
    }
    expect((await order()).order.promotion_id).toBeNull();
  });

  it('the database refuses a line whose net is not its gross minus its discount', async () => {
    const { order: o } = await order();
    await expect(
      db.updateTable('order_lines').set({ discount_cents: 100 }).where('order_id', '=', o.id).execute(),
    ).rejects.toThrow(/order_lines_net_cents_check/);
  });
});

describe.each(testDatabaseKinds())('creating promotions on %s', (kind) => {
  let db: Kysely<MerchantDatabase>;
  let close: () => Promise<void>;
  const clock = new ManualClock('2026-12-10T10:00:00Z');

  beforeAll(async () => {
    ({ db, close } = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations));
    await customerWithService(db, 'pec'); // the catalogue
  });
  afterAll(() => close());

  const base: NewPromotion = {
    campaign: '#IoRestoACasa',
    code: 'IoRestoACasa',
    productCode: 'pec',
    discount: { kind: 'percent', basisPoints: 2000 },
    appliesTo: 'renewal',
    validFrom: '2026-12-01',
    validUntil: '2027-01-31',
  };

  it('stores the code upper-case and refuses the same code in another case', async () => {
    const created = await createPromotion({ db, clock }, base);
    expect(created).toMatchObject({
      ok: true,
      promotion: { code: 'IORESTOACASA', percent_bp: 2000, created_at: clock.now() },
    });
    expect(await createPromotion({ db, clock }, { ...base, code: 'iorestoacasa' })).toEqual({
      ok: false,
      reason: 'code_taken',
      code: 'IORESTOACASA',
    });
    // Without a code, as many as one likes.
    expect((await createPromotion({ db, clock }, { ...base, code: null })).ok).toBe(true);
    expect((await createPromotion({ db, clock }, { ...base, code: null })).ok).toBe(true);
  });

  it('refuses a bad window, a bad percentage, a bad code and an unknown product, saying which', async () => {
    const invalid = await createPromotion(
      { db, clock },
      { ...base, code: 'x y', discount: { kind: 'percent', basisPoints: 10_001 } },
    );
    expect(invalid).toMatchObject({ ok: false, reason: 'invalid' });
    const problems = (result: typeof invalid) => (!result.ok && 'problems' in result ? result.problems.join('\n') : '');
    expect(problems(invalid)).toMatch(/code: a code is 3-32 letters/);
    expect(problems(invalid)).toMatch(/discount\.basisPoints: at most 100%/);
    const backwards = await createPromotion({ db, clock }, { ...base, code: null, validFrom: '2027-02-01' });
    expect(problems(backwards)).toMatch(/validUntil: the window ends before it starts/);
    expect(await createPromotion({ db, clock }, { ...base, code: null, validUntil: '2027-02-30' })).toMatchObject({
      reason: 'invalid',
    });
    expect(await createPromotion({ db, clock }, { ...base, code: null, productCode: 'telefono' })).toEqual({
      ok: false,
      reason: 'unknown_product',
      productCode: 'telefono',
    });
  });
});
