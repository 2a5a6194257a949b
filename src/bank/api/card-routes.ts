import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { BankContext } from '../bank-deps.ts';
import { BankError } from '../bank-errors.ts';
import { deleteCard } from '../cards/card-repository.ts';
import { identifier } from '../validation.ts';
import { merchantOf } from './api-auth.ts';
import { parseOrThrow } from './api-request.ts';

const tokenParams = z.object({ token: identifier });

export function registerCardRoutes(app: FastifyInstance, ctx: BankContext): void {
  // DELETE is idempotent by nature: the second call finds nothing active and answers 404, which the merchant treats
  // as "already gone".
  app.delete('/cards/:token', async (request) => {
    const merchant = merchantOf(request);
    const { token } = parseOrThrow(tokenParams, request.params);
    const deleted = await deleteCard(ctx.db, { token, merchantId: merchant.id, at: ctx.clock.now() });
    if (!deleted) throw new BankError('card_not_found');
    return { object: 'card', token, deleted: true };
  });
}
