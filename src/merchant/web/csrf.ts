import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

export const CSRF_FIELD = '_csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every state-changing request must carry the session's CSRF token in the form field `_csrf`. SameSite=Lax already
 * stops most cross-site posts; the token also covers same-site attackers and old browsers.
 */
export function checkCsrf(request: FastifyRequest): void {
  if (SAFE_METHODS.has(request.method)) return;
  const body = request.body as Record<string, unknown> | undefined;
  const sent = body && typeof body === 'object' ? body[CSRF_FIELD] : undefined;
  const expected = request.session?.csrfToken;
  if (typeof sent !== 'string' || !expected || !sameToken(sent, expected)) {
    throw new AppError('csrf_invalid', request.session ? 'token missing or wrong' : 'no session');
  }
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
