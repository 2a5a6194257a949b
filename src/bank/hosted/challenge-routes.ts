import type { FastifyInstance } from 'fastify';
import type { BankContext } from '../bank-deps.ts';
import { hasEnded } from '../sessions/payment-session-states.ts';
import { resendOtp, verifyOtp } from '../three-ds/challenge-answers.ts';
import { findPendingChallenge } from '../three-ds/challenge-repository.ts';
import { AppWaitingPage, SmsChallengePage } from './challenge-views.tsx';
import { hostedPageCsp } from './csp.ts';
import { cardOf, type Form, field, html, openPage, pageOf } from './page-context.ts';
import { outcomeWords } from './result-views.tsx';

/** What the app-approval wait asks for while it polls: still waiting, or where to go now and what to announce. */
export type ChallengeStatus = { state: 'waiting' } | { state: 'moved'; next: string; message: string };

/** The 3-D Secure step: the SMS code form, its resend, and the page that waits for the bank app. */
export function registerChallengeRoutes(app: FastifyInstance, ctx: BankContext): void {
  app.get('/pay/:id/challenge', async (request, reply) => {
    const opened = await openPage(ctx, request, reply);
    if (!opened) return reply;
    const { session } = opened;
    const challenge = session.status === 'authenticating' ? await findPendingChallenge(ctx.db, session.id) : undefined;
    if (!challenge && session.status !== 'authenticating') return reply.redirect(pageOf(session), 303);
    const { masked } = await cardOf(ctx, opened);
    // Without a pending challenge an authenticating session is between two writes: wait on the refreshing page.
    if (!challenge || challenge.method === 'app') {
      reply.header('content-security-policy', hostedPageCsp({ ownScripts: true }));
      return html(
        reply,
        200,
        AppWaitingPage({
          payment: opened.payment,
          maskedCard: masked,
          refreshHref: `/pay/${session.id}/challenge`,
          statusHref: `/pay/${session.id}/status`,
          cancelAction: `/pay/${session.id}/cancel`,
          csrf: opened.csrf,
        }),
      );
    }
    const notice = (request.query as Record<string, unknown>).notice;
    return html(
      reply,
      200,
      SmsChallengePage({
        payment: opened.payment,
        maskedCard: masked,
        verifyAction: `/pay/${session.id}/otp`,
        resendAction: `/pay/${session.id}/otp/resend`,
        csrf: opened.csrf,
        notice: notice === 'resent' ? opened.m.codeResent : notice === 'limit' ? opened.m.resendLimit : undefined,
        canResend: challenge.resends < ctx.config.otpMaxResends,
        cancelAction: `/pay/${session.id}/cancel`,
      }),
    );
  });

  // The app-approval wait's quiet question (its script polls it): bound to this browser like the pages, never cached.
  app.get('/pay/:id/status', async (request, reply) => {
    const opened = await openPage(ctx, request, reply);
    if (!opened) return reply;
    const { session, m } = opened;
    if (session.status === 'authenticating') {
      const challenge = await findPendingChallenge(ctx.db, session.id);
      if (!challenge || challenge.method === 'app') return { state: 'waiting' } satisfies ChallengeStatus;
      return {
        state: 'moved',
        next: `/pay/${session.id}/challenge`,
        message: m.challengeChanged,
      } satisfies ChallengeStatus;
    }
    if (!hasEnded(session.status)) {
      return { state: 'moved', next: pageOf(session), message: m.challengeChanged } satisfies ChallengeStatus;
    }
    const words = outcomeWords(m, {
      payment: opened.payment,
      status: session.status,
      declineCode: session.decline_code,
      transStatus: session.trans_status,
      cancelReason: session.cancel_reason,
    });
    return {
      state: 'moved',
      next: pageOf(session),
      message: `${words.title}. ${words.text}`,
    } satisfies ChallengeStatus;
  });

  app.post('/pay/:id/otp', async (request, reply) => {
    const opened = await openPage(ctx, request, reply);
    if (!opened) return reply;
    const { session } = opened;
    const result = await verifyOtp(ctx, session.id, field(request.body as Form, 'code'));
    if (result.kind !== 'wrong') return reply.redirect(`/pay/${session.id}`, 303);
    const challenge = await findPendingChallenge(ctx.db, session.id);
    const { masked } = await cardOf(ctx, opened);
    return html(
      reply,
      422,
      SmsChallengePage({
        payment: opened.payment,
        maskedCard: masked,
        verifyAction: `/pay/${session.id}/otp`,
        resendAction: `/pay/${session.id}/otp/resend`,
        csrf: opened.csrf,
        error: opened.m.wrongCode(result.attemptsLeft),
        canResend: (challenge?.resends ?? ctx.config.otpMaxResends) < ctx.config.otpMaxResends,
        cancelAction: `/pay/${session.id}/cancel`,
      }),
    );
  });

  app.post('/pay/:id/otp/resend', async (request, reply) => {
    const opened = await openPage(ctx, request, reply);
    if (!opened) return reply;
    const result = await resendOtp(ctx, opened.session.id);
    const notice = result.kind === 'sent' ? '?notice=resent' : result.kind === 'limit_reached' ? '?notice=limit' : '';
    return reply.redirect(`/pay/${opened.session.id}/challenge${notice}`, 303);
  });
}
