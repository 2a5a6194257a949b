import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SafeHtml } from '../../shared/html/jsx-runtime.ts';
import { formatMoney } from '../../shared/money.ts';
import type { BankContext } from '../bank-deps.ts';
import { maskLast4 } from '../cards/card-number.ts';
import { findCard } from '../cards/card-repository.ts';
import type { PaymentSessionRow } from '../db/schema.ts';
import { type Messages, messagesFor } from '../i18n/messages.ts';
import { enterCard } from '../sessions/enter-card.ts';
import { expireIfDue } from '../sessions/expire-sessions.ts';
import { findSession, transitionSession } from '../sessions/payment-session-repository.ts';
import { isFinal } from '../sessions/payment-session-states.ts';
import { resendOtp, verifyOtp } from '../three-ds/challenge-answers.ts';
import { findPendingChallenge } from '../three-ds/challenge-repository.ts';
import { startAuthentication } from '../three-ds/three-ds.ts';
import { bindingFor, csrfToken, csrfValid } from './browser-binding.ts';
import { AppWaitingPage, SmsChallengePage } from './challenge-views.tsx';
import { cspWithFormTargets } from './csp.ts';
import { MessagePage } from './layout.tsx';
import { CardFormPage, type PaymentHeader, SummaryPage } from './payment-views.tsx';
import { ResultPage } from './result-views.tsx';
import { returnUrlFor } from './return-url.ts';

interface Opened {
  session: PaymentSessionRow;
  csrf: string;
  payment: PaymentHeader;
  m: Messages;
}

type Form = Record<string, unknown> | undefined;

const ID = /^ps_[0-9a-f]{32}$/;

function html(reply: FastifyReply, status: number, page: SafeHtml): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(page.toString());
}

function field(form: Form, name: string): string {
  const value = form?.[name];
  return typeof value === 'string' ? value : '';
}

/** Where a session in its current state is shown. */
function pageOf(session: PaymentSessionRow): string {
  const base = `/pay/${session.id}`;
  if (session.status === 'awaiting_card') return session.card_token ? `${base}/summary` : `${base}/card`;
  if (session.status === 'authenticating') return `${base}/challenge`;
  if (isFinal(session.status)) return `${base}/result`;
  return base;
}

/** The customer's payment pages: card form → Riepilogo → 3-D Secure → result. */
export function registerHostedRoutes(app: FastifyInstance, ctx: BankContext): void {
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  /** Loads the session for a page, enforcing the browser binding (and the CSRF token on POST). */
  async function open(request: FastifyRequest, reply: FastifyReply): Promise<Opened | undefined> {
    const { id } = request.params as { id: string };
    const found = ID.test(id) ? await findSession(ctx.db, id) : undefined;
    if (!found) {
      const m = messagesFor('it');
      html(reply, 404, MessagePage({ locale: 'it', title: m.notFoundTitle, text: m.notFoundText }));
      return undefined;
    }
    const m = messagesFor(found.locale);
    const binding = await bindingFor(ctx, found, request, reply);
    if (!binding.ok) {
      html(reply, 403, MessagePage({ locale: found.locale, title: m.otherBrowserTitle, text: m.otherBrowserText }));
      return undefined;
    }
    if (request.method === 'POST' && !csrfValid(ctx, id, binding.token, (request.body as Form)?.csrf)) {
      html(reply, 403, MessagePage({ locale: found.locale, title: m.formExpiredTitle, text: m.formExpiredText }));
      return undefined;
    }
    let session = found;
    if (!isFinal(session.status)) {
      await expireIfDue(ctx, id);
      session = (await findSession(ctx.db, id)) ?? session;
    }
    const merchant = await ctx.db
      .selectFrom('merchants')
      .select('name')
      .where('id', '=', session.merchant_id)
      .executeTakeFirstOrThrow();
    return {
      session,
      csrf: csrfToken(ctx, id, binding.token),
      m,
      payment: {
        locale: session.locale,
        merchantName: merchant.name,
        amount: formatMoney(session.amount_cents, session.locale, 'EUR'),
        description: session.description,
      },
    };
  }

  const maskedCardOf = async (session: PaymentSessionRow) => {
    const card = session.card_token ? await findCard(ctx.db, session.card_token) : undefined;
    return { card, masked: card ? maskLast4(card.last4) : '' };
  };

  // The merchant's redirect lands here; later visits are sent to the page of the session's current state.
  app.get('/pay/:id', async (request, reply) => {
    const opened = await open(request, reply);
    if (!opened) return reply;
    const { session } = opened;
    if (session.status === 'created') {
      if (session.uses_saved_card) await startAuthentication(ctx, session);
      else {
        await ctx.db.transaction().execute((trx) =>
          transitionSession(trx, {
            id: session.id,
            from: 'created',
            to: 'awaiting_card',
            at: ctx.clock.now(),
            reason: 'opened',
          }),
        );
      }
      const moved = (await findSession(ctx.db, session.id)) ?? session;
      return reply.redirect(pageOf(moved), 303);
    }
    return reply.redirect(pageOf(session), 303);
  });

  app.get('/pay/:id/card', async (request, reply) => {
    const opened = await open(request, reply);
    if (!opened) return reply;
    const { session } = opened;
    if (session.status !== 'awaiting_card') return reply.redirect(pageOf(session), 303);
    const values = { holder: '', number: '', expiry: '' };
    return html(
      reply,
      200,
      CardFormPage({
        payment: opened.payment,
        action: `/pay/${session.id}/card`,
        csrf: opened.csrf,
        values,
        errors: {},
      }),
    );
  });

  app.post('/pay/:id/card', async (request, reply) => {
    const opened = await open(request, reply);
    if (!opened) return reply;
    const form = request.body as Form;
    const input = {
      holder: field(form, 'holder'),
      number: field(form, 'number'),
      expiry: field(form, 'expiry'),
      cvv: field(form, 'cvv'),
    };
    const result = await enterCard(ctx, opened.session, input);
    if (result.kind === 'invalid') {
      const values = { holder: input.holder, number: input.number, expiry: input.expiry };
      const page = CardFormPage({
        payment: opened.payment,
        action: `/pay/${opened.session.id}/card`,
        csrf: opened.csrf,
        values,
        errors: result.errors,
      });
      return html(reply, 422, page);
    }
    return reply.redirect(`/pay/${opened.session.id}${result.kind === 'entered' ? '/summary' : ''}`, 303);
  });

  app.get('/pay/:id/summary', async (request, reply) => {
    const opened = await open(request, reply);
    if (!opened) return reply;
    const { session } = opened;
    if (pageOf(session) !== `/pay/${session.id}/summary`) return reply.redirect(pageOf(session), 303);
    const { card, masked } = await maskedCardOf(session);
    return html(
      reply,
      200,
      SummaryPage({
        payment: opened.payment,
        maskedCard: card ? `${card.brand.toUpperCase()} ${masked}` : '',
        holder: card?.holder ?? '',
        submitAction: `/pay/${session.id}/submit`,
        editHref: `/pay/${session.id}/card`,
        csrf: opened.csrf,
      }),
    );
  });

  // "Invio dati": a double click moves the session once (compare-and-set) and both clicks land on the same page.
  app.post('/pay/:id/submit', async (request, reply) => {
    const opened = await open(request, reply);
    if (!opened) return reply;
    const { session } = opened;
    if (session.status === 'awaiting_card' && session.card_token) await startAuthentication(ctx, session);
    return reply.redirect(`/pay/${session.id}`, 303);
  });

  app.get('/pay/:id/challenge', async (request, reply) => {
    const opened = await open(request, reply);
    if (!opened) return reply;
    const { session } = opened;
    const challenge = session.status === 'authenticating' ? await findPendingChallenge(ctx.db, session.id) : undefined;
    if (!challenge && session.status !== 'authenticating') return reply.redirect(pageOf(session), 303);
    const { masked } = await maskedCardOf(session);
    // Without a pending challenge an authenticating session is between two writes: wait on the refreshing page.
    if (!challenge || challenge.method === 'app') {
      return html(
        reply,
        200,
        AppWaitingPage({ payment: opened.payment, maskedCard: masked, refreshHref: `/pay/${session.id}/challenge` }),
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
      }),
    );
  });

  app.post('/pay/:id/otp', async (request, reply) => {
    const opened = await open(request, reply);
    if (!opened) return reply;
    const { session } = opened;
    const result = await verifyOtp(ctx, session.id, field(request.body as Form, 'code'));
    if (result.kind !== 'wrong') return reply.redirect(`/pay/${session.id}`, 303);
    const challenge = await findPendingChallenge(ctx.db, session.id);
    const { masked } = await maskedCardOf(session);
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
      }),
    );
  });

  app.post('/pay/:id/otp/resend', async (request, reply) => {
    const opened = await open(request, reply);
    if (!opened) return reply;
    const result = await resendOtp(ctx, opened.session.id);
    const notice = result.kind === 'sent' ? '?notice=resent' : result.kind === 'limit_reached' ? '?notice=limit' : '';
    return reply.redirect(`/pay/${opened.session.id}/challenge${notice}`, 303);
  });

  app.get('/pay/:id/result', async (request, reply) => {
    const opened = await open(request, reply);
    if (!opened) return reply;
    const { session } = opened;
    if (!isFinal(session.status)) return reply.redirect(pageOf(session), 303);
    reply.header('content-security-policy', cspWithFormTargets([new URL(session.return_url).origin]));
    return html(
      reply,
      200,
      ResultPage({
        payment: opened.payment,
        status: session.status,
        declineCode: session.decline_code,
        authorizationCode: session.authorization_code,
        returnAction: `/pay/${session.id}/return`,
      }),
    );
  });

  // "torna al negozio": signed at the moment of the click, so the merchant's tolerance window starts now.
  app.get('/pay/:id/return', async (request, reply) => {
    const opened = await open(request, reply);
    if (!opened) return reply;
    const { session } = opened;
    if (!isFinal(session.status)) return reply.redirect(pageOf(session), 303);
    return reply.redirect(await returnUrlFor(ctx, session), 303);
  });
}
