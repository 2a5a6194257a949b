import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SafeHtml } from '../../shared/html/jsx-runtime.ts';
import { formatMoney } from '../../shared/money.ts';
import type { BankContext } from '../bank-deps.ts';
import { maskLast4 } from '../cards/card-number.ts';
import { findCard } from '../cards/card-repository.ts';
import type { CardRow, PaymentSessionRow } from '../db/schema.ts';
import { type Messages, messagesFor } from '../i18n/messages.ts';
import { expireIfDue, mayBeDue } from '../sessions/expire-sessions.ts';
import { findSession, findSessionWithMerchant } from '../sessions/payment-session-repository.ts';
import { hasEnded } from '../sessions/payment-session-states.ts';
import { bindingFor, csrfToken, csrfValid } from './browser-binding.ts';
import { MessagePage } from './layout.tsx';
import type { PaymentHeader } from './payment-views.tsx';

/** What every hosted page handler starts from: the session, brought up to date with the clock, and its words. */
export interface OpenedPage {
  session: PaymentSessionRow;
  /** The merchants.version read with the session: what the cached merchant is checked against (MerchantCache). */
  merchantVersion: number;
  /** The session's card as read with it (undefined when it names none, or when the session was read again). */
  card: CardRow | undefined;
  csrf: string;
  payment: PaymentHeader;
  m: Messages;
}

export type Form = Record<string, unknown> | undefined;

const ID = /^ps_[0-9a-f]{32}$/;

export function html(reply: FastifyReply, status: number, page: SafeHtml): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(page.toString());
}

export function field(form: Form, name: string): string {
  const value = form?.[name];
  return typeof value === 'string' ? value : '';
}

/** Where a session in its current state is shown. */
export function pageOf(session: PaymentSessionRow): string {
  const base = `/pay/${session.id}`;
  if (session.status === 'awaiting_card') return session.card_token ? `${base}/summary` : `${base}/card`;
  if (session.status === 'authenticating') return `${base}/challenge`;
  if (hasEnded(session.status)) return `${base}/result`;
  return base;
}

/** The session's card: the one read with the page when the session still names it, else read now. */
export async function cardOf(
  ctx: BankContext,
  opened: Pick<OpenedPage, 'session' | 'card'>,
): Promise<{ card: CardRow | undefined; masked: string }> {
  const { session } = opened;
  const card =
    opened.card && opened.card.token === session.card_token
      ? opened.card
      : session.card_token
        ? await findCard(ctx.db, session.card_token)
        : undefined;
  return { card, masked: card ? maskLast4(card.last4) : '' };
}

/**
 * Loads the session for a page, with its merchant, in one read, enforcing the browser binding (and the CSRF token on
 * POST); it is read again only when a deadline may have passed (expireIfDue then moves it). When it answers undefined
 * it has already sent the error page.
 */
export async function openPage(
  ctx: BankContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<OpenedPage | undefined> {
  const { id } = request.params as { id: string };
  const loaded = ID.test(id) ? await findSessionWithMerchant(ctx.db, id) : undefined;
  if (!loaded) {
    const m = messagesFor('it');
    html(reply, 404, MessagePage({ locale: 'it', title: m.notFoundTitle, text: m.notFoundText }));
    return undefined;
  }
  const { session: found, merchant, card } = loaded;
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
  let knownCard = card;
  if (mayBeDue(session, ctx.clock.now())) {
    await expireIfDue(ctx, id);
    session = (await findSession(ctx.db, id)) ?? session;
    // An ended session may have erased its card: whoever needs it reads it again.
    knownCard = undefined;
  }
  return {
    session,
    merchantVersion: merchant.version,
    card: knownCard,
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
