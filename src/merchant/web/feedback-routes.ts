import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { FEEDBACK_COMMENT_MAX, FEEDBACK_PAGES } from '../feedback/feedback-pages.ts';
import { recordFeedback } from '../feedback/record-feedback.ts';
import { AppError } from './errors.ts';
import { FEEDBACK_ACTION } from './feedback-views.tsx';
import { safeReturnPath } from './render.ts';

const FeedbackForm = z.object({
  page: z.enum(FEEDBACK_PAGES),
  useful: z.enum(['yes', 'no']),
  comment: z.string().max(FEEDBACK_COMMENT_MAX).default(''),
  return: z.string().max(500).optional(),
});

/** The query a page is shown with after a vote: it shows the thank-you instead of the form. */
const THANKED = 'feedback=thanks';

/** Whether this request comes back from a vote (see {@link FeedbackBox}'s `thanked`). */
export function feedbackThanked(request: FastifyRequest): boolean {
  return (request.query as { feedback?: unknown } | undefined)?.feedback === 'thanks';
}

/** POST /feedback, in any customer-facing app: validate, record, 303 back to the page with the thank-you. */
export function feedbackRoutes(deps: { db: Kysely<MerchantDatabase>; clock: Clock }) {
  return async (app: FastifyInstance) => {
    app.post(FEEDBACK_ACTION, async (request, reply) => {
      const form = FeedbackForm.safeParse(request.body);
      if (!form.success) throw new AppError('bad_request', 'feedback form');
      // The CSRF check has run: there is a session. Signed in, the vote is the customer's; else this session's.
      const session = request.session;
      if (!session) throw new AppError('csrf_invalid', 'feedback without a session');
      const voter = request.customer ? { customerId: request.customer.id } : { sessionHash: session.idHash };
      await recordFeedback(deps.db, deps.clock, {
        pageKey: form.data.page,
        voter,
        useful: form.data.useful === 'yes',
        comment: form.data.comment,
      });
      request.log.info({ page: form.data.page, useful: form.data.useful }, 'page feedback recorded');
      return reply.redirect(`${safeReturnPath(form.data.return)}?${THANKED}#feedback`, 303);
    });
  };
}
