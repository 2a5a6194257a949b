import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { BankContext } from '../bank-deps.ts';
import { BankError } from '../bank-errors.ts';
import { findCard } from '../cards/card-repository.ts';
import type { BankDatabase, PaymentSessionRow } from '../db/schema.ts';
import type { Merchant } from '../merchants/merchant-repository.ts';
import { cancelPaymentSession } from '../sessions/cancel-payment-session.ts';
import { capturePayment, capturePaymentSchema } from '../sessions/capture-payment.ts';
import { createPaymentSession, createPaymentSessionSchema } from '../sessions/create-payment-session.ts';
import { expireIfDue, mayBeDue } from '../sessions/expire-sessions.ts';
import { findMerchantSessionWithCard, listSessionsByReference } from '../sessions/payment-session-repository.ts';
import {
  type ApiCardColumns,
  type ApiPaymentSession,
  toApiPaymentSession,
} from '../sessions/session-representation.ts';
import { voidPayment } from '../sessions/void-payment.ts';
import { boundedText, emptyBodySchema, identifier } from '../validation.ts';
import { merchantOf, rawBodyOf } from './api-auth.ts';
import { idempotencyKeyOf, parseOrThrow } from './api-request.ts';
import { requestHash, withIdempotency } from './idempotency.ts';

const idParams = z.object({ id: identifier });
const listQuery = z.object({ merchant_reference: boundedText(100) });

export function registerPaymentSessionRoutes(app: FastifyInstance, ctx: BankContext): void {
  /**
   * `known`: the card read with the session before the work (upToDate); it serves while the session still names it.
   * What the answer shows of a card never changes but its status, and a deletion racing the request may land on
   * either side of it anyway.
   */
  const represent = async (
    db: BankContext['db'],
    session: PaymentSessionRow,
    known?: ApiCardColumns,
  ): Promise<ApiPaymentSession> => {
    const card =
      known && known.token === session.card_token
        ? known
        : session.card_token
          ? await findCard(db, session.card_token)
          : undefined;
    return toApiPaymentSession(session, card, ctx.config.publicUrl);
  };

  /** A signed, idempotent POST whose work runs in the transaction that stores its answer. */
  const idempotent = async (
    request: FastifyRequest,
    reply: FastifyReply,
    work: (trx: Transaction<BankDatabase>, merchant: Merchant) => Promise<{ status: number; body: unknown }>,
  ) => {
    const merchant = merchantOf(request);
    const key = idempotencyKeyOf(request);
    const response = await withIdempotency(
      ctx,
      { merchantId: merchant.id, key, requestHash: requestHash(request.method, request.url, rawBodyOf(request)) },
      (trx) => work(trx, merchant),
    );
    if (response.replayed) reply.header('Idempotent-Replayed', 'true');
    return reply.code(response.status).send(response.body);
  };

  /**
   * A session of this merchant with its card, brought up to date with the clock (expired, or its hold lapsed) before
   * acting on it: read again only when a deadline may have passed.
   */
  const upToDate = async (merchant: Merchant, id: string) => {
    const found = await findMerchantSessionWithCard(ctx.db, merchant.id, id);
    if (!found || !mayBeDue(found.session, ctx.clock.now())) return found;
    await expireIfDue(ctx, id);
    return (await findMerchantSessionWithCard(ctx.db, merchant.id, id)) ?? found;
  };

  app.post('/payment-sessions', async (request, reply) => {
    const body = parseOrThrow(createPaymentSessionSchema, request.body);
    return idempotent(request, reply, async (trx, merchant) => {
      const { session, card } = await createPaymentSession({ ...ctx, db: trx }, merchant, body);
      return { status: 201, body: toApiPaymentSession(session, card, ctx.config.publicUrl) };
    });
  });

  app.post('/payment-sessions/:id/capture', async (request, reply) => {
    const { id } = parseOrThrow(idParams, request.params);
    const body = parseOrThrow(capturePaymentSchema, request.body);
    const found = await upToDate(merchantOf(request), id);
    return idempotent(request, reply, async (trx, merchant) => ({
      status: 200,
      body: await represent(trx, await capturePayment(trx, ctx, merchant, id, body), found?.card),
    }));
  });

  app.post('/payment-sessions/:id/void', async (request, reply) => {
    const { id } = parseOrThrow(idParams, request.params);
    parseOrThrow(emptyBodySchema, request.body);
    const found = await upToDate(merchantOf(request), id);
    return idempotent(request, reply, async (trx, merchant) => ({
      status: 200,
      body: await represent(trx, await voidPayment(trx, ctx, merchant, id), found?.card),
    }));
  });

  app.post('/payment-sessions/:id/cancel', async (request, reply) => {
    const { id } = parseOrThrow(idParams, request.params);
    parseOrThrow(emptyBodySchema, request.body);
    const found = await upToDate(merchantOf(request), id);
    return idempotent(request, reply, async (trx, merchant) => ({
      status: 200,
      body: await represent(trx, await cancelPaymentSession(trx, ctx, merchant, id), found?.card),
    }));
  });

  app.get('/payment-sessions/:id', async (request) => {
    const { id } = parseOrThrow(idParams, request.params);
    // The authoritative answer: a session whose time ran out is expired (or lapsed) now, not at the next sweep.
    const found = await upToDate(merchantOf(request), id);
    if (!found) throw new BankError('payment_session_not_found');
    return toApiPaymentSession(found.session, found.card, ctx.config.publicUrl);
  });

  app.get('/payment-sessions', async (request) => {
    const merchant = merchantOf(request);
    const { merchant_reference } = parseOrThrow(listQuery, request.query);
    const sessions = await listSessionsByReference(ctx.db, merchant.id, merchant_reference);
    return { object: 'list', data: await Promise.all(sessions.map((s) => represent(ctx.db, s))) };
  });
}
