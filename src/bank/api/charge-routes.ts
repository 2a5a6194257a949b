import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { BankContext } from '../bank-deps.ts';
import { BankError } from '../bank-errors.ts';
import { createCharge, createChargeSchema, toApiCharge } from '../charges/create-charge.ts';
import { boundedText, identifier } from '../validation.ts';
import { merchantOf, rawBodyOf } from './api-auth.ts';
import { idempotencyKeyOf, parseOrThrow } from './api-request.ts';
import { requestHash, withIdempotency } from './idempotency.ts';

const idParams = z.object({ id: identifier });
const listQuery = z.object({ merchant_reference: boundedText(100) });

export function registerChargeRoutes(app: FastifyInstance, ctx: BankContext): void {
  app.post('/charges', async (request, reply) => {
    const merchant = merchantOf(request);
    const key = idempotencyKeyOf(request);
    const body = parseOrThrow(createChargeSchema, request.body);
    const response = await withIdempotency(
      ctx,
      { merchantId: merchant.id, key, requestHash: requestHash(request.method, request.url, rawBodyOf(request)) },
      async (trx) => ({ status: 201, body: toApiCharge(await createCharge({ ...ctx, db: trx }, merchant, body)) }),
    );
    if (response.replayed) reply.header('Idempotent-Replayed', 'true');
    return reply.code(response.status).send(response.body);
  });

  // A charge whose answer was lost (a timeout) is found by its reference rather than charged again.
  app.get('/charges', async (request) => {
    const merchant = merchantOf(request);
    const { merchant_reference } = parseOrThrow(listQuery, request.query);
    const charges = await ctx.db
      .selectFrom('charges')
      .selectAll()
      .where('merchant_id', '=', merchant.id)
      .where('merchant_reference', '=', merchant_reference)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(100)
      .execute();
    return { object: 'list', data: charges.map(toApiCharge) };
  });

  app.get('/charges/:id', async (request) => {
    const merchant = merchantOf(request);
    const { id } = parseOrThrow(idParams, request.params);
    const charge = await ctx.db
      .selectFrom('charges')
      .selectAll()
      .where('id', '=', id)
      .where('merchant_id', '=', merchant.id)
      .executeTakeFirst();
    if (!charge) throw new BankError('charge_not_found');
    return toApiCharge(charge);
  });
}
