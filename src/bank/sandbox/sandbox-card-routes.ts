import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { merchantOf, rawBodyOf } from '../api/api-auth.ts';
import { idempotencyKeyOf, parseOrThrow } from '../api/api-request.ts';
import { requestHash, withIdempotency } from '../api/idempotency.ts';
import type { BankContext } from '../bank-deps.ts';
import { BankError } from '../bank-errors.ts';
import { CardNumber } from '../cards/card-number.ts';
import { insertCard } from '../cards/card-repository.ts';
import { detectBrand, isExpired, luhnValid } from '../cards/card-validation.ts';
import { encryptCardNumber, revealCardNumber } from '../cards/vault-cards.ts';
import { newId } from '../ids.ts';
import { toApiCard } from '../sessions/session-representation.ts';
import { boundedText } from '../validation.ts';

export const sandboxCardSchema = z.strictObject({
  customer_reference: boundedText(100),
  number: z.string().min(12).max(23),
  exp_month: z.number().int().min(1).max(12),
  exp_year: z.number().int().min(2000).max(2200),
  holder: boundedText(100),
});

/**
 * `POST /api/v1/sandbox/cards` — sandbox only: puts a card in the vault as saved for a merchant's customer, without a
 * payment, so demo data and tests can start with a saved card. A real bank saves cards only through an authenticated
 * payment; this one refuses the call in production. Signed and idempotent like the rest of the API, and idempotent by
 * nature too: the same number for the same customer answers the card already saved (200) instead of a second one.
 */
export function registerSandboxCardRoutes(app: FastifyInstance, ctx: BankContext): void {
  app.post('/sandbox/cards', async (request, reply) => {
    if (ctx.config.production) throw new BankError('not_found');
    const merchant = merchantOf(request);
    const key = idempotencyKeyOf(request);
    const body = parseOrThrow(sandboxCardSchema, request.body);
    const number = CardNumber.parse(body.number);
    const brand = number ? detectBrand(number) : undefined;
    if (!number || !brand || !luhnValid(number.reveal())) {
      throw new BankError('invalid_request', [{ path: 'number', message: 'not a valid card number' }]);
    }
    if (isExpired(body.exp_month, body.exp_year, ctx.clock.now(), ctx.config.timeZone)) {
      throw new BankError('invalid_request', [{ path: 'exp_year', message: 'the card has expired' }]);
    }
    const response = await withIdempotency(
      ctx,
      { merchantId: merchant.id, key, requestHash: requestHash(request.method, request.url, rawBodyOf(request)) },
      async (trx) => {
        const candidates = await trx
          .selectFrom('cards')
          .selectAll()
          .where('merchant_id', '=', merchant.id)
          .where('customer_reference', '=', body.customer_reference)
          .where('status', '=', 'active')
          .where('last4', '=', number.last4)
          .where('exp_month', '=', body.exp_month)
          .where('exp_year', '=', body.exp_year)
          .execute();
        const existing = candidates.find((card) => revealCardNumber(ctx.vault, card)?.reveal() === number.reveal());
        if (existing) return { status: 200, body: toApiCard(existing) };
        const token = newId('card');
        const card = {
          token,
          merchant_id: merchant.id,
          customer_reference: body.customer_reference,
          status: 'active' as const,
          brand,
          last4: number.last4,
          exp_month: body.exp_month,
          exp_year: body.exp_year,
          holder: body.holder,
          pan_ciphertext: encryptCardNumber(ctx.vault, token, number),
          created_at: ctx.clock.now(),
        };
        await insertCard(trx, card);
        ctx.logger.info({ token, last4: number.last4 }, 'sandbox card saved without a payment');
        return { status: 201, body: toApiCard(card) };
      },
    );
    if (response.replayed) reply.header('Idempotent-Replayed', 'true');
    return reply.code(response.status).send(response.body);
  });
}
