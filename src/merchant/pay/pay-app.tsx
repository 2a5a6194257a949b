import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import type { PaymentGateway } from '../gateway/payment-gateway.ts';
import type { PaymentDeps } from '../payments/payment-deps.ts';
import { RateLimiter } from '../rate-limits/rate-limiter.ts';
import { feedbackRoutes } from '../web/feedback-routes.ts';
import { createWebApp } from '../web/web-app.ts';
import { cancelRoutes } from './cancel-routes.ts';
import { guestRoutes } from './guest-routes.ts';
import { notificationRoutes } from './notification-routes.ts';
import { payRoutes } from './pay-routes.ts';
import { resultRoutes } from './result-routes.ts';
import { PAY_LOGOUT_ACTION, signOutRoutes } from './sign-out-routes.ts';

export interface PayDeps {
  db: Kysely<MerchantDatabase>;
  config: Config;
  logger: FastifyBaseLogger;
  clock: Clock;
  gateway: PaymentGateway;
}

export const PAY_SESSION_COOKIE = 'cassa_pay';

/** The payment use cases' dependencies, as Pagamenti and the reconciliation both build them. */
export function paymentDeps(
  deps: Omit<PayDeps, 'config'> & Pick<PaymentDeps, 'payUrl' | 'renewalLeadDays' | 'timeZone' | 'fiscalProvider'>,
): PaymentDeps {
  const { db, gateway, clock, logger, payUrl, renewalLeadDays, timeZone, fiscalProvider } = deps;
  return { db, gateway, clock, logger, payUrl, renewalLeadDays, timeZone, fiscalProvider };
}

/**
 * Pagamenti, the provider's payment portal, on its own origin with its own session cookie: signed in only through
 * the hand-off from Area Clienti, or holding one order as a guest ("Paga subito un ordine", guest-routes.ts). Forms
 * may post to itself, and its "Procedi" redirects to the bank (CSP form-action covers redirects of a form
 * submission, hence the bank's origin below) and its "Annulla pagamento" to Area Clienti.
 */
export async function buildPayApp(deps: PayDeps): Promise<FastifyInstance> {
  const { app, sessions } = await createWebApp({
    app: 'pay',
    appName: 'app.pay',
    db: deps.db,
    logger: deps.logger,
    clock: deps.clock,
    publicUrl: deps.config.publicUrls.pay,
    trustProxy: deps.config.trustProxy,
    timeZone: deps.config.businessTimeZone,
    brand: deps.config.brand,
    cookieName: PAY_SESSION_COOKIE,
    // "Annulla pagamento" posts here and is redirected to Area Clienti: CSP form-action covers that redirect too.
    formTargets: [new URL(deps.config.publicUrls.bank).origin, new URL(deps.config.publicUrls.area).origin],
    logoutAction: PAY_LOGOUT_ACTION,
  });
  const payments = paymentDeps({
    ...deps,
    logger: app.log,
    payUrl: deps.config.publicUrls.pay,
    renewalLeadDays: deps.config.renewals.leadDays,
    timeZone: deps.config.businessTimeZone,
    fiscalProvider: deps.config.invoices.provider,
  });
  const areaUrl = deps.config.publicUrls.area;
  await app.register(notificationRoutes({ payments }));
  await app.register(payRoutes({ payments, sessions, areaUrl }));
  await app.register(resultRoutes({ payments, areaUrl }));
  await app.register(guestRoutes({ payments, sessions, limiter: new RateLimiter(deps.db, deps.clock), areaUrl }));
  await app.register(cancelRoutes({ payments, areaUrl }));
  await app.register(signOutRoutes({ sessions, areaUrl }));
  await app.register(feedbackRoutes({ db: deps.db, clock: deps.clock }));
  return app;
}
