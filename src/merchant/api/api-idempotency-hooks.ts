import type { FastifyRequest } from 'fastify';
import type { ApiApp, ApiDeps } from './api-app.ts';
import { apiKeyOf } from './api-auth.ts';
import { ApiError } from './api-errors.ts';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  type IdempotencyClaim,
  releaseIdempotencyKey,
  requestHash,
} from './idempotency.ts';

/** Set on an answer replayed from an earlier request with the same Idempotency-Key. */
export const REPLAY_HEADER = 'idempotent-replayed';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

const claims = new WeakMap<FastifyRequest, IdempotencyClaim>();

/**
 * Every POST needs an Idempotency-Key (400 without one). The key is claimed once the body is parsed and before it is
 * validated, so that an invalid request is answered the same way on a retry; the answer (2xx or 4xx) is stored as it
 * is sent, and a 5xx releases the key so the client may retry with it.
 */
export function registerIdempotency(app: ApiApp, deps: ApiDeps): void {
  app.addHook('preValidation', async (request, reply) => {
    if (request.method !== 'POST') return;
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new ApiError(
        'idempotency_key_missing',
        'Send a unique Idempotency-Key header (1-255 printable characters, e.g. a UUID) with every POST.',
      );
    }
    const claim = {
      apiKeyId: apiKeyOf(request).id,
      key,
      requestHash: requestHash(request.method, request.url, request.body),
    };
    const outcome = await claimIdempotencyKey(deps.db, claim, deps.clock.now());
    if (outcome.kind === 'replay') {
      return reply
        .code(outcome.status)
        .header(REPLAY_HEADER, 'true')
        .type(outcome.status >= 400 ? 'application/problem+json' : 'application/json; charset=utf-8')
        .serializer((body: unknown) => body as string)
        .send(outcome.body);
    }
    claims.set(request, claim);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const claim = claims.get(request);
    if (!claim) return payload;
    claims.delete(request);
    if (reply.statusCode >= 500) await releaseIdempotencyKey(deps.db, claim);
    else await completeIdempotencyKey(deps.db, claim, { status: reply.statusCode, body: String(payload ?? '') });
    return payload;
  });
}
