import { z } from 'zod';
import type { BankContext } from '../bank-deps.ts';
import { BankError } from '../bank-errors.ts';
import { findActiveCard } from '../cards/card-repository.ts';
import { isExpired } from '../cards/card-validation.ts';
import { merchantInitiatedDeclineOf } from '../cards/test-cards.ts';
import { revealCardNumber } from '../cards/vault-cards.ts';
import type { ChargeRow } from '../db/schema.ts';
import { newAuthorizationCode, newId } from '../ids.ts';
import type { Merchant } from '../merchants/merchant-repository.ts';
import { boundedText, identifier } from '../validation.ts';
import { type DeclineCode, declineType } from './decline-codes.ts';

export const createChargeSchema = z.strictObject({
  card_token: identifier,
  amount: z.number().int().positive().max(100_000_000),
  currency: z.literal('EUR'),
  merchant_reference: boundedText(100),
  reason: z.literal('recurring'),
});

export type CreateChargeRequest = z.infer<typeof createChargeSchema>;

/**
 * A merchant-initiated charge on a saved card: no customer, no 3-D Secure, answered at once. A decline is a result,
 * not an error: the charge is stored either way, so a retry with the same idempotency key sees the same answer.
 */
export async function createCharge(
  ctx: BankContext,
  merchant: Merchant,
  request: CreateChargeRequest,
): Promise<ChargeRow> {
  const card = await findActiveCard(ctx.db, { token: request.card_token, merchantId: merchant.id });
  if (!card) throw new BankError('card_not_found');
  const number = revealCardNumber(ctx.vault, card);
  if (!number) throw new BankError('card_not_found');
  const now = ctx.clock.now();
  let decline: DeclineCode | undefined = merchantInitiatedDeclineOf(number);
  if (isExpired(card.exp_month, card.exp_year, now, ctx.config.timeZone)) decline = 'expired_card';
  const charge = await ctx.db
    .insertInto('charges')
    .values({
      id: newId('ch'),
      merchant_id: merchant.id,
      card_token: card.token,
      amount_cents: request.amount,
      currency: request.currency,
      merchant_reference: request.merchant_reference,
      reason: request.reason,
      status: decline ? 'declined' : 'approved',
      decline_code: decline ?? null,
      authorization_code: decline ? null : newAuthorizationCode(),
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  ctx.logger.info(
    { chargeId: charge.id, status: charge.status, declineCode: charge.decline_code },
    'merchant-initiated charge',
  );
  return charge;
}

export function toApiCharge(charge: ChargeRow) {
  return {
    id: charge.id,
    object: 'charge' as const,
    status: charge.status,
    card_token: charge.card_token,
    amount: charge.amount_cents,
    currency: charge.currency,
    merchant_reference: charge.merchant_reference,
    reason: charge.reason,
    authorization_code: charge.authorization_code,
    decline_code: charge.decline_code,
    decline_type: charge.decline_code ? declineType(charge.decline_code as DeclineCode) : null,
    amount_refunded: charge.refunded_cents,
    created_at: charge.created_at.toISOString(),
  };
}
