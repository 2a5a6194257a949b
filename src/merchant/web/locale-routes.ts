import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { MerchantDatabase } from '../../db/schema.ts';
import { updateCustomerLocale } from '../customers/customer-repository.ts';
import { AppError } from './errors.ts';
import { LOCALES } from './i18n/i18n.ts';
import { safeReturnPath } from './render.ts';
import type { SessionManager } from './sessions.ts';

export const LOCALE_COOKIE = 'cassa_lang';

const LocaleForm = z.object({ locale: z.enum(LOCALES), return: z.string().optional() });

/**
 * The language switch. The choice is remembered three ways: in the session (this visit), in a long-lived cookie (this
 * browser, before login too), and on the customer (their other devices and, later, their emails).
 */
export function localeRoutes(deps: { db: Kysely<MerchantDatabase>; sessions: SessionManager; secure: boolean }) {
  return async (app: FastifyInstance) => {
    app.post('/locale', async (request, reply) => {
      const form = LocaleForm.safeParse(request.body);
      if (!form.success) throw new AppError('bad_request', 'locale form');
      const { locale } = form.data;
      if (request.session) await deps.sessions.setLocale(request.session, locale);
      if (request.customer) await updateCustomerLocale(deps.db, request.customer.id, locale);
      reply.setCookie(LOCALE_COOKIE, locale, {
        path: '/',
        maxAge: 365 * 24 * 60 * 60,
        httpOnly: true,
        sameSite: 'lax',
        secure: deps.secure,
      });
      return reply.redirect(safeReturnPath(form.data.return), 303);
    });
  };
}
