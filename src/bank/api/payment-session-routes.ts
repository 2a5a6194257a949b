import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { BankContext } from '../bank-deps.ts';
import { BankError } from '../bank-errors.ts';
import { findCard } from '../cards/card-repository.ts';
import type { PaymentSessionRow } from '../db/schema.ts';
import { createPaymentSession, createPaymentSessionSchema } from '../sessions/create-payment-session.ts';
import { expireIfDue } from '../sessions/expire-sessions.ts';
import { findMerchantSession, listSessionsByReference } from '../sessions/payment-session-repository.ts';
import { isFinal } from '../sessions/payment-session-states.ts';
import { type ApiPaymentSession, toApiPaymentSession } from '../sessions/session-representation.ts';
import { boundedText, identifier } from '../validation.ts';
import { merchantOf, rawBodyOf } from './api-auth.ts';
import { idempotencyKeyOf, parseOrThrow } from './api-request.ts';
import { requestHash, withIdempotency } from './idempotency.ts';

const idParams = z.object({ id: identifier });
const listQuery = z.object({ merchant_reference: boundedText(100) });

export function registerPaymentSessionRoutes(app: FastifyInstance, ctx: BankContext): void {
  const represent = async (db: BankContext['db'], session: PaymentSessionRow): Promise<ApiPaymentSession> => {
    const card = session.card_token ? await findCard(db, session.card_token) : undefined;
    return toApiPaymentSession(session, card, ctx.config.publicUrl);
  };

  app.post('/payment-sessions', async (request, reply) => {
    const merchant = merchantOf(request);
    const key = idempotencyKeyOf(request);
    const body = parseOrThrow(createPaymentSessionSchema, request.body);
    const response = await withIdempotency(
      ctx,
      { merchantId: merchant.id, key, requestHash: requestHash(request.method, request.url, rawBodyOf(request)) },
      async (trx) => {
        const session = await createPaymentSession({ ...ctx, db: trx }, merchant, body);
        return { status: 201, body: await represent(trx, session) };
      },
    );
    if (response.replayed) reply.header('Idempotent-Replayed', 'true');
    return reply.code(response.status).send(response.body);
  });

  app.get('/payment-sessions/:id', async (request) => {
    const merchant = merchantOf(request);
    const { id } = parseOrThrow(idParams, request.params);
    let session = await findMerchantSession(ctx.db, merchant.id, id);
    if (!session) throw new BankError('payment_session_not_found');
    // The authoritative answer: a session whose time ran out is expired now, not at the next sweep.
    if (!isFinal(session.status)) {
      await expireIfDue(ctx, id);
      session = (await findMerchantSession(ctx.db, merchant.id, id)) ?? session;
    }
    return represent(ctx.db, session);
  });

  app.get('/payment-sessions', async (request) => {
    const merchant = merchantOf(request);
    const { merchant_reference } = parseOrThrow(listQuery, request.query);
    const sessions = await listSessionsByReference(ctx.db, merchant.id, merchant_reference);
    return { object: 'list', data: await Promise.all(sessions.map((s) => represent(ctx.db, s))) };
  });
}
