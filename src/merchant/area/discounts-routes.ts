import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { applyPromotionCode } from '../promotions/apply-promotion-code.ts';
import { listValidPromotions } from '../promotions/list-promotions.ts';
import { AppError } from '../web/errors.ts';
import { pageContext, sendPage } from '../web/render.ts';
import type { SessionManager } from '../web/sessions.ts';
import { DiscountsPage, refusalText } from './discounts-views.tsx';
import { sendOrderPage } from './order-page.ts';

const OrderParams = z.object({ number: z.string().regex(/^ORD-\d{4}-\d{6,12}$/) });
// Generous: anything longer cannot be a code, and is answered as one that does not exist.
const CodeBody = z.object({ code: z.string().max(64) });

/**
 * Discounts in Area Clienti: the public "Riepilogo degli sconti validi sui nostri servizi" (`GET /sconti`, no login;
 * inside the customer's layout when signed in), and "Applica" of a "Codice sconto" on an order awaiting payment.
 * A refused code is answered with the order page again, the precise reason beside the field, and a 4xx status.
 */
export function discountsRoutes(deps: {
  db: Kysely<MerchantDatabase>;
  clock: Clock;
  timeZone: string;
  sessions: SessionManager;
}) {
  return async (app: FastifyInstance) => {
    app.get('/sconti', async (request, reply) => {
      // A session for the language switch's CSRF token, as on the login page.
      await deps.sessions.ensure(request, reply, null);
      const promotions = await listValidPromotions(deps);
      return sendPage(reply, DiscountsPage({ page: pageContext(request, 'app.area', '/logout'), promotions }));
    });

    app.post('/orders/:number/discount', async (request, reply) => {
      const customer = request.customer;
      if (!customer) return reply.redirect('/login', 303);
      const params = OrderParams.safeParse(request.params);
      if (!params.success) throw new AppError('not_found', 'malformed order number');
      const number = params.data.number;
      const body = CodeBody.safeParse(request.body);
      if (!body.success) throw new AppError('bad_request', 'discount code form');
      const typed = body.data.code.trim();
      if (typed === '') {
        return sendOrderPage(deps.db, deps, request, reply, {
          customer,
          number,
          status: 400,
          codeForm: { typed, error: request.i18n.t('discount.error.empty') },
        });
      }
      const result = await applyPromotionCode(deps, { customerId: customer.id, orderNumber: number, code: typed });
      if (result.ok) {
        request.log.info(
          { order: number, promotion: result.promotion.id, discountCents: result.discountCents },
          'discount code applied',
        );
        return reply.redirect(`/orders/${number}?done=discount`, 303);
      }
      if (result.reason === 'unknown_order') throw new AppError('not_found', `order ${number} is not the customer's`);
      request.log.info({ order: number, reason: result.reason }, 'discount code refused');
      const conflict = ['payment_in_progress', 'not_awaiting_payment', 'already_applied'].includes(result.reason);
      return sendOrderPage(deps.db, deps, request, reply, {
        customer,
        number,
        status: conflict ? 409 : 400,
        codeForm: { typed, error: refusalText(request.i18n, result) },
      });
    });
  };
}
