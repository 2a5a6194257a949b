import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SafeHtml } from '../../shared/html/jsx-runtime.ts';
import type { MessageKey } from './i18n/i18n.ts';
import type { PageContext } from './layout.tsx';

export function sendPage(reply: FastifyReply, page: SafeHtml, status = 200): FastifyReply {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(page.toString());
}

/** The layout's context for this request. */
export function pageContext(request: FastifyRequest, appName: MessageKey, logoutAction?: string): PageContext {
  return {
    i18n: request.i18n,
    appName,
    customer: request.customer,
    csrfToken: request.session?.csrfToken ?? null,
    path: request.url.split('?')[0] ?? '/',
    ...(request.brand ? { brand: request.brand } : {}),
    ...(logoutAction ? { logoutAction } : {}),
  };
}

/**
 * A path on this site to come back to, or '/'. Refuses absolute and protocol-relative URLs (`//evil.example`,
 * `/\evil.example`) so that a form field can never turn into an open redirect.
 */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return '/';
  return /^[\w\-./~%]*$/.test(value) ? value : '/';
}
