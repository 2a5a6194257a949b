import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SafeHtml } from '../../shared/html/jsx-runtime.ts';
import type { BankContext } from '../bank-deps.ts';
import { localeFrom, messagesFor } from '../i18n/messages.ts';
import { decideApproval } from '../three-ds/challenge-answers.ts';
import { listPendingApprovals } from '../three-ds/challenge-repository.ts';
import { listSms } from '../three-ds/sms-repository.ts';
import { BankAppPage, SmsInboxPage } from './sandbox-views.tsx';

function html(reply: FastifyReply, status: number, page: SafeHtml): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page.toString());
}

const CHALLENGE_ID = /^chl_[0-9a-f]{32}$/;

/** The pages below: what a public demo puts behind its sandbox access token (bank-app.ts). */
export function isSandboxPage(path: string): boolean {
  return ['/sms', '/sms.json', '/app', '/app.json'].includes(path) || path.startsWith('/app/requests/');
}

/**
 * Pages that exist only because this bank is a sandbox: the cardholders' phone (/sms) and bank app (/app), so that a
 * person or a test can complete 3-D Secure. A real bank has neither.
 */
export function registerSandboxRoutes(app: FastifyInstance, ctx: BankContext): void {
  app.get('/sms', async (request, reply) => {
    const locale = localeFrom((request.query as Record<string, unknown>).lang);
    return html(reply, 200, SmsInboxPage({ locale, messages: await listSms(ctx.db) }));
  });

  app.get('/sms.json', async (_request, reply) => {
    const messages = await listSms(ctx.db);
    reply.header('cache-control', 'no-store');
    return messages.map((sms) => ({
      to: sms.recipient,
      text: sms.body,
      created_at: sms.createdAt.toISOString(),
      masked_card: sms.maskedCard,
      payment_session_id: sms.paymentSessionId,
    }));
  });

  app.get('/app', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const locale = localeFrom(query.lang);
    const m = messagesFor(locale);
    const notice = query.done === 'answered' ? m.approvalDone : query.done === 'gone' ? m.approvalGone : undefined;
    const approvals = await listPendingApprovals(ctx.db, ctx.clock.now());
    return html(reply, 200, BankAppPage({ locale, approvals, ...(notice ? { notice } : {}) }));
  });

  app.get('/app.json', async (_request, reply) => {
    const approvals = await listPendingApprovals(ctx.db, ctx.clock.now());
    reply.header('cache-control', 'no-store');
    return approvals.map((a) => ({
      id: a.challengeId,
      payment_session_id: a.paymentSessionId,
      merchant: a.merchantName,
      amount: a.amountCents,
      currency: a.currency,
      masked_card: `•••• ${a.last4}`,
      created_at: a.createdAt.toISOString(),
      expires_at: a.expiresAt.toISOString(),
      approve_url: `/app/requests/${a.challengeId}/approve`,
      deny_url: `/app/requests/${a.challengeId}/deny`,
    }));
  });

  // No CSRF token here: the request id (128 random bits) is shown only on /app, so another site cannot name it.
  app.post('/app/requests/:id/:decision', async (request, reply) => {
    const { id, decision } = request.params as { id: string; decision: string };
    const locale = localeFrom((request.query as Record<string, unknown>).lang);
    if (!CHALLENGE_ID.test(id) || (decision !== 'approve' && decision !== 'deny')) {
      const m = messagesFor(locale);
      return html(reply, 404, BankAppPage({ locale, approvals: [], notice: m.approvalGone }));
    }
    const result = await decideApproval(ctx, id, decision);
    const done = result.kind === 'approved' || result.kind === 'denied' ? 'answered' : 'gone';
    return reply.redirect(`/app?done=${done}${locale === 'en' ? '&lang=en' : ''}`, 303);
  });
}
