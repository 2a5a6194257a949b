import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { BankContext } from '../bank-deps.ts';
import { BankError } from '../bank-errors.ts';
import type { BankDatabase } from '../db/schema.ts';
import { newId } from '../ids.ts';
import type { Merchant } from '../merchants/merchant-repository.ts';
import { identifier } from '../validation.ts';

export const createRefundSchema = z.union([
  z.strictObject({ payment_id: identifier, amount: z.number().int().positive().max(100_000_000) }),
  z.strictObject({ charge_id: identifier, amount: z.number().int().positive().max(100_000_000) }),
]);

export type CreateRefundRequest = z.infer<typeof createRefundSchema>;

export interface ApiRefund {
  id: string;
  object: 'refund';
  status: 'succeeded';
  payment_id: string | null;
  charge_id: string | null;
  amount: number;
  created_at: string;
}

/**
 * Refunds part or all of the money taken: a captured payment session (an authorization not captured is voided, not
 * refunded) or an approved charge. Runs in the caller's transaction: the parent row is locked while the refund is
 * added, so concurrent refunds can never exceed what was captured; the database's own checks back this up.
 */
export async function createRefund(
  trx: Transaction<BankDatabase>,
  ctx: BankContext,
  merchant: Merchant,
  request: CreateRefundRequest,
): Promise<ApiRefund> {
  const now = ctx.clock.now();
  {
    const isPayment = 'payment_id' in request;
    const parentId = isPayment ? request.payment_id : request.charge_id;
    // What can be given back is what was taken: a session's captured amount (0 while merely authorized), a charge's
    // whole amount (a charge authorizes and captures in one call).
    const parent = isPayment
      ? await trx
          .selectFrom('payment_sessions')
          .select(['id', 'amount_captured_cents as captured_cents', 'refunded_cents', 'status'])
          .where('id', '=', parentId)
          .where('merchant_id', '=', merchant.id)
          .forUpdate()
          .executeTakeFirst()
      : await trx
          .selectFrom('charges')
          .select(['id', 'amount_cents as captured_cents', 'refunded_cents', 'status'])
          .where('id', '=', parentId)
          .where('merchant_id', '=', merchant.id)
          .forUpdate()
          .executeTakeFirst();
    if (!parent) throw new BankError(isPayment ? 'payment_session_not_found' : 'charge_not_found');
    if (parent.status !== (isPayment ? 'captured' : 'approved')) {
      throw new BankError('not_refundable', { status: parent.status });
    }
    if (parent.refunded_cents + request.amount > parent.captured_cents) {
      throw new BankError('refund_exceeds_captured', { refundable: parent.captured_cents - parent.refunded_cents });
    }
    const table = isPayment ? 'payment_sessions' : 'charges';
    await trx
      .updateTable(table)
      .set({ refunded_cents: parent.refunded_cents + request.amount })
      .where('id', '=', parentId)
      .execute();
    const id = newId('re');
    await trx
      .insertInto('refunds')
      .values({
        id,
        merchant_id: merchant.id,
        payment_session_id: isPayment ? parentId : null,
        charge_id: isPayment ? null : parentId,
        amount_cents: request.amount,
        created_at: now,
      })
      .execute();
    return {
      id,
      object: 'refund',
      status: 'succeeded',
      payment_id: isPayment ? parentId : null,
      charge_id: isPayment ? null : parentId,
      amount: request.amount,
      created_at: now.toISOString(),
    };
  }
}
