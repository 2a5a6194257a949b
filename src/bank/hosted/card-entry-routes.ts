import type { FastifyInstance } from 'fastify';
import type { BankContext } from '../bank-deps.ts';
import type { PaymentSessionRow } from '../db/schema.ts';
import { enterCard } from '../sessions/enter-card.ts';
import { findSession, transitionSession } from '../sessions/payment-session-repository.ts';
import { hasEnded } from '../sessions/payment-session-states.ts';
import { startAuthentication } from '../three-ds/three-ds.ts';
import { cardOf, type Form, field, html, openPage, pageOf } from './page-context.ts';
import { CardFormPage, SummaryPage } from './payment-views.tsx';

/** Landing, card form and Riepilogo, up to "Invio dati". */
export function registerCardEntryRoutes(app: FastifyInstance, ctx: BankContext): void {
  // The merchant's redirect lands here; later visits are sent to the page of the session's current state.
  app.get('/pay/:id', async (request, reply) => {
    const opened = await openPage(ctx, request, reply);
    if (!opened) return reply;
    const { session } = opened;
    if (session.status === 'created') {
      let moved: PaymentSessionRow | undefined;
      if (session.uses_saved_card) moved = await startAuthentication(ctx, session, opened.card);
      else {
        moved = await ctx.db.transaction().execute((trx) =>
          transitionSession(trx, {
            id: session.id,
            from: 'created',
            to: 'awaiting_card',
            at: ctx.clock.now(),
            reason: 'opened',
          }),
        );
      }
      // Read again only when another request moved the session first.
      moved ??= (await findSession(ctx.db, session.id)) ?? session;
      // A saved card that needed no challenge is settled before the customer sees any bank page: send them straight
      // back to the shop (signed, as "torna al negozio" would), so paying with a saved card is one "Procedi".
      if (session.uses_saved_card && hasEnded(moved.status)) {
        return reply.redirect(`/pay/${session.id}/return`, 303);
      }
      return reply.redirect(pageOf(moved), 303);
    }
    return reply.redirect(pageOf(session), 303);
  });

  app.get('/pay/:id/card', async (request, reply) => {
    const opened = await openPage(ctx, request, reply);
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
        cancelAction: `/pay/${session.id}/cancel`,
      }),
    );
  });

  app.post('/pay/:id/card', async (request, reply) => {
    const opened = await openPage(ctx, request, reply);
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
        cancelAction: `/pay/${opened.session.id}/cancel`,
      });
      return html(reply, 422, page);
    }
    return reply.redirect(`/pay/${opened.session.id}${result.kind === 'entered' ? '/summary' : ''}`, 303);
  });

  app.get('/pay/:id/summary', async (request, reply) => {
    const opened = await openPage(ctx, request, reply);
    if (!opened) return reply;
    const { session } = opened;
    if (pageOf(session) !== `/pay/${session.id}/summary`) return reply.redirect(pageOf(session), 303);
    const { card, masked } = await cardOf(ctx, opened);
    return html(
      reply,
      200,
      SummaryPage({
        payment: opened.payment,
        brand: card?.brand ?? '',
        maskedCard: card ? `${card.brand.toUpperCase()} ${masked}` : '',
        holder: card?.holder ?? '',
        submitAction: `/pay/${session.id}/submit`,
        editHref: `/pay/${session.id}/card`,
        cancelAction: `/pay/${session.id}/cancel`,
        csrf: opened.csrf,
      }),
    );
  });

  // "Invio dati": a double click moves the session once (compare-and-set) and both clicks land on the same page.
  app.post('/pay/:id/submit', async (request, reply) => {
    const opened = await openPage(ctx, request, reply);
    if (!opened) return reply;
    const { session } = opened;
    if (session.status === 'awaiting_card' && session.card_token) await startAuthentication(ctx, session);
    return reply.redirect(`/pay/${session.id}`, 303);
  });
}
