import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Customer, MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { finishCardVerification, startCardVerification } from '../cards/add-card.ts';
import { isCardExpired } from '../cards/card-display.ts';
import { listCardsWithRenewals, removeSavedCard, replaceCardForRenewals } from '../cards/remove-card.ts';
import type { PaymentGateway } from '../gateway/payment-gateway.ts';
import type { ProviderFiscalData } from '../invoices/invoice-document.ts';
import type { PaymentLogger } from '../payments/payment-deps.ts';
import { AppError } from '../web/errors.ts';
import { pageContext, sendPage } from '../web/render.ts';
import { CARD_NOTICES, type CardNotice, type CardRow, CardsPage, RemoveCardPage } from './cards-views.tsx';

const id = z
  .string()
  .regex(/^[1-9]\d{0,15}$/)
  .transform(Number);
const CardParams = z.object({ id });
const ReplaceBody = z.object({ card: id });
const VerificationParams = z.object({ publicId: z.string().regex(/^cv_[0-9a-f]{32}$/) });

/** "Carte di pagamento": list, remove (after a warning page), replace for every service renewing on a card. */
export function cardsRoutes(deps: {
  db: Kysely<MerchantDatabase>;
  clock: Clock;
  logger: PaymentLogger;
  timeZone: string;
  gateway: () => PaymentGateway;
  areaUrl: string;
  payUrl: string;
  renewalLeadDays: number;
  fiscalProvider: ProviderFiscalData;
}) {
  const addDeps = () => ({ ...deps, gateway: deps.gateway() });
  return async (app: FastifyInstance) => {
    app.addHook('preHandler', async (request, reply) => {
      if (!request.customer) return reply.redirect('/login', 303);
    });

    async function rowsOf(customerId: number): Promise<CardRow[]> {
      const now = deps.clock.now();
      return (await listCardsWithRenewals(deps.db, customerId)).map(({ card, services }) => ({
        card,
        services,
        expired: isCardExpired(card, now, deps.timeZone),
      }));
    }

    app.get('/cards', async (request, reply) => {
      const customer = signedIn(request);
      const done = (request.query as { done?: unknown }).done;
      return sendPage(
        reply,
        CardsPage({
          page: pageContext(request, 'app.area', '/logout'),
          rows: await rowsOf(customer.id),
          done: typeof done === 'string' && Object.hasOwn(CARD_NOTICES, done) ? (done as CardNotice) : undefined,
        }),
      );
    });

    app.post('/cards/add', async (request, reply) => {
      const customer = signedIn(request);
      const started = await startCardVerification(addDeps(), { customerId: customer.id, locale: request.i18n.locale });
      if (started.kind === 'redirect') return reply.redirect(started.url, 303);
      return reply.redirect(`/cards?done=${started.kind === 'bank_unavailable' ? 'unavailable' : 'failed'}`, 303);
    });

    app.get('/cards/added/:publicId', async (request, reply) => {
      const customer = signedIn(request);
      const { publicId } = parse(VerificationParams, request.params, 'not_found');
      const outcome = await finishCardVerification(addDeps(), { customerId: customer.id, publicId });
      if (outcome === 'unknown') throw new AppError('not_found', 'no such card verification');
      return reply.redirect(`/cards?done=${outcome === 'saved' ? 'added' : outcome}`, 303);
    });

    app.get('/cards/:id/remove', async (request, reply) => {
      const customer = signedIn(request);
      const cardId = parse(CardParams, request.params, 'not_found').id;
      const row = (await rowsOf(customer.id)).find((r) => r.card.id === cardId);
      if (!row) throw new AppError('not_found', `card ${cardId} is not the customer's`);
      return sendPage(reply, RemoveCardPage({ page: pageContext(request, 'app.area', '/logout'), row }));
    });

    app.post('/cards/:id/remove', async (request, reply) => {
      const customer = signedIn(request);
      const cardId = parse(CardParams, request.params, 'not_found').id;
      const result = await removeSavedCard(
        { db: deps.db, clock: deps.clock, gateway: deps.gateway() },
        { customerId: customer.id, cardId },
      );
      if (!result.ok) throw new AppError('not_found', result.reason);
      return reply.redirect('/cards?done=removed', 303);
    });

    app.post('/cards/:id/replace', async (request, reply) => {
      const customer = signedIn(request);
      const cardId = parse(CardParams, request.params, 'not_found').id;
      const { card } = parse(ReplaceBody, request.body, 'bad_request');
      const result = await replaceCardForRenewals(deps, {
        customerId: customer.id,
        fromCardId: cardId,
        toCardId: card,
      });
      if (!result.ok) throw new AppError('bad_request', result.reason);
      return reply.redirect('/cards?done=replaced', 303);
    });
  };
}

function parse<T extends z.ZodTypeAny>(schema: T, value: unknown, code: 'not_found' | 'bad_request'): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError(code, 'malformed request');
  return parsed.data;
}

function signedIn(request: FastifyRequest): Customer {
  if (!request.customer) throw new AppError('not_found', 'no customer on a signed-in route');
  return request.customer;
}
