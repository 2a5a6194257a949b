import { randomBytes } from 'node:crypto';
import pino from 'pino';
import type { Database, DatabaseKind } from '../../db/database.ts';
import { openTestDatabase } from '../../db/test-databases.ts';
import type { Clock } from '../../shared/clock.ts';
import { bankContext } from '../bank-context.ts';
import type { BankContext } from '../bank-deps.ts';
import { bankMigrations } from '../db/migrations/index.ts';
import type { BankDatabase, PaymentSessionRow } from '../db/schema.ts';
import { ensureMerchant } from '../merchants/ensure-merchant.ts';
import { findMerchant, type Merchant } from '../merchants/merchant-repository.ts';
import { createPaymentSession, createPaymentSessionSchema } from '../sessions/create-payment-session.ts';
import { enterCard } from '../sessions/enter-card.ts';
import { findSession, transitionSession } from '../sessions/payment-session-repository.ts';
import { startAuthentication } from '../three-ds/three-ds.ts';
import { testBankConfig } from './bank-test-kit.ts';

/** Test support: the bank's use cases over a fresh database, without HTTP, on a clock the test moves. */
export async function openUseCaseKit(
  kind: DatabaseKind,
  clock: Clock,
): Promise<{ ctx: BankContext; database: Database<BankDatabase> }> {
  const database = await openTestDatabase<BankDatabase>(kind, bankMigrations, { schema: 'bank' });
  const ctx = bankContext({
    db: database.db,
    logger: pino({ level: 'silent' }),
    clock,
    config: testBankConfig('http://bank.test'),
  });
  return { ctx, database };
}

export async function newMerchant(ctx: BankContext, origin = 'http://shop.test'): Promise<Merchant> {
  const id = `m-${randomBytes(4).toString('hex')}`;
  await ensureMerchant(ctx.db, {
    id,
    name: 'Negozio',
    secrets: [randomBytes(20).toString('hex')],
    allowedOrigins: [origin],
  });
  return (await findMerchant(ctx.db, id))!;
}

/** A session that went through the card form and "Invio dati" with this card number. */
export async function submittedSession(
  ctx: BankContext,
  merchant: Merchant,
  number: string,
  overrides: Record<string, unknown> = {},
): Promise<PaymentSessionRow> {
  const request = createPaymentSessionSchema.parse({
    merchant_reference: 'ORD-1',
    amount: 4880,
    currency: 'EUR',
    description: 'PEC',
    customer_reference: 'cust-1',
    return_url: 'http://shop.test/return',
    notify_url: 'http://shop.test/notify',
    ...overrides,
  });
  const { session: created } = await createPaymentSession(ctx, merchant, request);
  if (created.uses_saved_card) {
    await startAuthentication(ctx, created);
    return (await findSession(ctx.db, created.id))!;
  }
  await ctx.db
    .transaction()
    .execute((trx) =>
      transitionSession(trx, { id: created.id, from: 'created', to: 'awaiting_card', at: ctx.clock.now() }),
    );
  const awaiting = (await findSession(ctx.db, created.id))!;
  const entered = await enterCard(ctx, awaiting, { holder: 'Mario Rossi', number, expiry: '12/34', cvv: '123' });
  if (entered.kind !== 'entered') throw new Error(`card refused: ${JSON.stringify(entered)}`);
  await startAuthentication(ctx, (await findSession(ctx.db, created.id))!);
  return (await findSession(ctx.db, created.id))!;
}

/** The code in the newest SMS sent for a session. */
export async function latestCode(ctx: BankContext, paymentSessionId: string): Promise<string> {
  const sms = await ctx.db
    .selectFrom('sms_messages')
    .select('body')
    .where('payment_session_id', '=', paymentSessionId)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return /\b(\d{6})\b/.exec(sms.body)![1]!;
}
