import type { FastifyRequest } from 'fastify';
import type { ApiKey } from '../../db/schema.ts';
import { findApiKeyByHash, touchApiKey } from '../api-keys/api-key-repository.ts';
import { apiKeyHash } from '../api-keys/api-key-tokens.ts';
import type { RateLimiter } from '../rate-limits/rate-limiter.ts';
import { ApiError } from './api-errors.ts';

const keys = new WeakMap<FastifyRequest, ApiKey>();

/** The API key that authenticated the request (set by {@link authenticateApiKey}). */
export function apiKeyOf(request: FastifyRequest): ApiKey {
  const key = keys.get(request);
  if (!key) throw new Error('apiKeyOf() called on an unauthenticated request');
  return key;
}

/** Read methods need the `read` scope; everything else changes something and needs `write`. */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Rate limit buckets of API keys start with this (rate-limits/rate-limiter.ts prunes by prefix). */
export const API_RATE_LIMIT_PREFIX = 'api:key:';

/**
 * `Authorization: Bearer <key>` and nothing else: the API never reads a cookie, so a customer's Area Clienti session
 * can never act through it. An unknown or revoked key is 401 (the same answer, so revoked keys cannot be probed
 * for), a read-only key on a write 403, and past the key's per-minute budget 429 with Retry-After.
 */
export async function authenticateApiKey(
  deps: { db: Parameters<typeof findApiKeyByHash>[0]; limiter: RateLimiter; perMinute: number; now: () => Date },
  request: FastifyRequest,
): Promise<void> {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match?.[1]) throw new ApiError('unauthenticated', 'Send Authorization: Bearer <your API key>.');
  const key = await findApiKeyByHash(deps.db, apiKeyHash(match[1]));
  if (!key || key.revoked_at !== null) throw new ApiError('unauthenticated', 'This API key is unknown or revoked.');
  const decision = await deps.limiter.consume(`${API_RATE_LIMIT_PREFIX}${key.id}`, {
    limit: deps.perMinute,
    windowMs: 60_000,
  });
  if (!decision.allowed) {
    throw new ApiError('rate_limited', `At most ${deps.perMinute} requests a minute per API key.`, {
      retryAfterSeconds: decision.retryAfterSeconds,
    });
  }
  if (!READ_METHODS.has(request.method) && key.scopes !== 'read,write') {
    throw new ApiError('insufficient_scope', 'This API key is read-only: writes need a key with --scopes read,write.');
  }
  await touchApiKey(deps.db, key.id, deps.now());
  keys.set(request, key);
}
