import type { FastifyInstance } from 'fastify';
import type { BankContext } from '../bank-deps.ts';
import { createRefund, createRefundSchema } from '../refunds/create-refund.ts';
import { merchantOf, rawBodyOf } from './api-auth.ts';
import { idempotencyKeyOf, parseOrThrow } from './api-request.ts';
import { requestHash, withIdempotency } from './idempotency.ts';

export function registerRefundRoutes(app: FastifyInstance, ctx: BankContext): void {
  app.post('/refunds', async (request, reply) => {
    const merchant = merchantOf(request);
    const key = idempotencyKeyOf(request);
    const body = parseOrThrow(createRefundSchema, request.body);
    const response = await withIdempotency(
      ctx,
      { merchantId: merchant.id, key, requestHash: requestHash(request.method, request.url, rawBodyOf(request)) },
      async (trx) => ({ status: 201, body: await createRefund(trx, ctx, merchant, body) }),
    );
    if (response.replayed) reply.header('Idempotent-Replayed', 'true');
    return reply.code(response.status).send(response.body);
  });
}
