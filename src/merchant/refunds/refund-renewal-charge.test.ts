import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { openPaymentsKit, type PaymentsKit } from '../payments/test-payments.ts';
import { runRenewalPass } from '../renewals/renewal-pass.ts';
import { daysBeforeExpiry, renewalDeps, renewOn } from '../renewals/test-renewals.ts';
import { requestRefund } from './request-refund.ts';

describe.each(testDatabaseKinds())('refunding an automatic renewal charge on %s', (kind) => {
  let kit: PaymentsKit;
  beforeAll(async () => {
    kit = await openPaymentsKit(kind);
  });
  afterAll(async () => {
    await kit?.close();
  });

  it('a renewal charge is refunded by its charge at the bank, in part then in full', async () => {
    const pec = await renewOn(kit, 'pec', kit.marioCardId);
    daysBeforeExpiry(kit, pec, 6);
    expect(await runRenewalPass(renewalDeps(kit))).toMatchObject({ approved: 1 });
    const charge = await kit.db
      .selectFrom('payment_attempts')
      .selectAll()
      .where('purpose', '=', 'renewal_charge')
      .where('status', '=', 'captured')
      .executeTakeFirstOrThrow();
    const ask = (amountCents: number, idempotencyKey: string) =>
      requestRefund(kit.deps, { paymentPublicId: charge.public_id, amountCents, idempotencyKey, requestedBy: 'api:x' });
    expect(await ask(100, 'part')).toMatchObject({ ok: true, refund: { status: 'succeeded' } });
    expect(await ask(charge.amount_cents - 100, 'rest')).toMatchObject({ ok: true, refund: { status: 'succeeded' } });
    // The bank's own books: the charge's refunded total.
    const atBank = await kit.bank.database.db
      .selectFrom('charges')
      .select(['amount_cents', 'refunded_cents'])
      .where('id', '=', charge.bank_charge_id!)
      .executeTakeFirst();
    expect(atBank).toEqual({ amount_cents: charge.amount_cents, refunded_cents: charge.amount_cents });
    expect(
      (await kit.db.selectFrom('payment_attempts').select('status').where('id', '=', charge.id).executeTakeFirst())
        ?.status,
    ).toBe('refunded');
  });
});
