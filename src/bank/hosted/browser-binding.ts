import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BankContext } from '../bank-deps.ts';
import type { PaymentSessionRow } from '../db/schema.ts';
import { bindBrowser } from '../sessions/payment-session-repository.ts';

/**
 * A payment session belongs to the first browser that opens its page: a random token in an HttpOnly, SameSite=Lax
 * cookie scoped to /pay/<id>, whose keyed hash the session stores. A leaked redirect URL is then useless in another
 * browser, and a cross-site form cannot post (the cookie stays home). Each form also carries a CSRF token derived
 * from the binding.
 */
const COOKIE = 'bank_binding';

function cookiePath(sessionId: string): string {
  return `/pay/${sessionId}`;
}

function hashBinding(ctx: BankContext, sessionId: string, token: string): string {
  return ctx.vault.keyedHash('browser-binding', `${sessionId}|${token}`);
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

export type Binding = { ok: true; token: string } | { ok: false };

/** The binding of this browser to the session, created on the first visit. */
export async function bindingFor(
  ctx: BankContext,
  session: PaymentSessionRow,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<Binding> {
  const token = request.cookies[COOKIE];
  if (session.browser_binding_hash) {
    return token && sameHex(hashBinding(ctx, session.id, token), session.browser_binding_hash)
      ? { ok: true, token }
      : { ok: false };
  }
  // Only a page view binds: a form can be posted only from a page this browser was already shown.
  if (request.method !== 'GET') return { ok: false };
  const fresh = randomBytes(24).toString('hex');
  // Compare-and-set: of two browsers opening the link at once, only one wins.
  if (!(await bindBrowser(ctx.db, session.id, hashBinding(ctx, session.id, fresh)))) return { ok: false };
  reply.setCookie(COOKIE, fresh, {
    path: cookiePath(session.id),
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.publicUrl.startsWith('https:'),
  });
  return { ok: true, token: fresh };
}

export function csrfToken(ctx: BankContext, sessionId: string, bindingToken: string): string {
  return ctx.vault.keyedHash('csrf', `${sessionId}|${bindingToken}`);
}

export function csrfValid(ctx: BankContext, sessionId: string, bindingToken: string, submitted: unknown): boolean {
  return typeof submitted === 'string' && sameHex(csrfToken(ctx, sessionId, bindingToken), submitted);
}
