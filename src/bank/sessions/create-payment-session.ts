import { z } from 'zod';
import type { BankContext } from '../bank-deps.ts';
import { BankError } from '../bank-errors.ts';
import { findActiveCard } from '../cards/card-repository.ts';
import type { CardRow, PaymentSessionRow } from '../db/schema.ts';
import { newId } from '../ids.ts';
import type { Merchant } from '../merchants/merchant-repository.ts';
import { boundedText, identifier } from '../validation.ts';
import { SESSION_COLUMNS } from './payment-session-repository.ts';

const reference = boundedText(100);

export const createPaymentSessionSchema = z.strictObject({
  merchant_reference: reference,
  amount: z.number().int().positive().max(100_000_000),
  currency: z.literal('EUR'),
  description: boundedText(200),
  customer_reference: reference,
  return_url: z.url({ protocol: /^https?$/ }),
  notify_url: z.url({ protocol: /^https?$/ }),
  save_card: z.boolean().default(false),
  card_token: identifier.optional(),
  locale: z.enum(['it', 'en']).default('it'),
  /** `automatic` captures on authorization; `manual` holds the money until POST …/capture (or void, or lapse). */
  capture_method: z.enum(['automatic', 'manual']).default('automatic'),
});

export type CreatePaymentSessionRequest = z.infer<typeof createPaymentSessionSchema>;

/**
 * The merchant asks for a payment: the session is stored as `created` and the customer is sent to its hosted page.
 * With a card_token, the saved card must be this merchant's and this customer's; it is returned with the session (the
 * answer shows it).
 */
export async function createPaymentSession(
  ctx: BankContext,
  merchant: Merchant,
  request: CreatePaymentSessionRequest,
): Promise<{ session: PaymentSessionRow; card: CardRow | undefined }> {
  for (const url of [request.return_url, request.notify_url]) {
    if (!merchant.allowedOrigins.includes(new URL(url).origin)) {
      throw new BankError('url_not_allowed', { url, allowed_origins: merchant.allowedOrigins });
    }
  }
  let card: CardRow | undefined;
  if (request.card_token) {
    card = await findActiveCard(ctx.db, {
      token: request.card_token,
      merchantId: merchant.id,
      customerReference: request.customer_reference,
    });
    if (!card) throw new BankError('card_not_found');
  }
  const now = ctx.clock.now();
  const session = await ctx.db
    .insertInto('payment_sessions')
    .values({
      id: newId('ps'),
      merchant_id: merchant.id,
      merchant_reference: request.merchant_reference,
      amount_cents: request.amount,
      currency: request.currency,
      description: request.description,
      customer_reference: request.customer_reference,
      return_url: request.return_url,
      notify_url: request.notify_url,
      // A payment with an already saved card has nothing more to save.
      save_card: request.card_token ? false : request.save_card,
      locale: request.locale,
      status: 'created',
      capture_method: request.capture_method,
      card_token: request.card_token ?? null,
      uses_saved_card: request.card_token !== undefined,
      three_ds_method: null,
      trans_status: null,
      eci: null,
      decline_code: null,
      authorization_code: null,
      browser_binding_hash: null,
      expires_at: new Date(now.getTime() + ctx.config.sessionTtlSeconds * 1000),
      created_at: now,
      updated_at: now,
      completed_at: null,
    })
    .returning(SESSION_COLUMNS)
    .executeTakeFirstOrThrow();
  return { session, card };
}
