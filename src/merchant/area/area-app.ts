import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { gatewayFromConfig } from '../gateway/gateway-from-config.ts';
import type { PaymentGateway } from '../gateway/payment-gateway.ts';
import { LoginThrottle } from '../rate-limits/login-throttle.ts';
import { RateLimiter } from '../rate-limits/rate-limiter.ts';
import { feedbackRoutes } from '../web/feedback-routes.ts';
import { createWebApp } from '../web/web-app.ts';
import { autoRenewRoutes } from './auto-renew-routes.ts';
import { billingRoutes } from './billing-routes.ts';
import { cardsRoutes } from './cards-routes.ts';
import { discountsRoutes } from './discounts-routes.ts';
import { helpRoutes } from './help-routes.ts';
import { invoicesRoutes } from './invoices-routes.ts';
import { loginRoutes } from './login-routes.ts';
import { orderActionRoutes } from './order-action-routes.ts';
import { passwordResetRoutes } from './password-reset-routes.ts';
import { payHandoffRoutes } from './pay-link.ts';
import { paymentLinkRoutes } from './payment-link-routes.ts';
import { renewalInfoRoutes } from './renewal-info-routes.ts';
import { servicesRoutes } from './services-routes.ts';

export interface AreaDeps {
  db: Kysely<MerchantDatabase>;
  config: Config;
  logger: FastifyBaseLogger;
  clock: Clock;
  /** The bank, to delete removed cards; by default the one the configuration names. */
  gateway?: PaymentGateway;
  /** Session lifetimes; the defaults are 30 minutes idle and 12 hours in all. */
  sessionTimeouts?: { idleTimeoutMs: number; absoluteTimeoutMs: number };
}

export const AREA_SESSION_COOKIE = 'cassa_area';

/** Area Clienti: login, the customer's services and orders, "Paga". Built, not listening: the caller decides. */
export async function buildAreaApp(deps: AreaDeps): Promise<FastifyInstance> {
  const { app, sessions } = await createWebApp({
    app: 'area',
    appName: 'app.area',
    db: deps.db,
    logger: deps.logger,
    clock: deps.clock,
    publicUrl: deps.config.publicUrls.area,
    trustProxy: deps.config.trustProxy,
    timeZone: deps.config.businessTimeZone,
    brand: deps.config.brand,
    cookieName: AREA_SESSION_COOKIE,
    // "Aggiungi carta" posts here and is redirected to the bank's hosted page: CSP form-action covers that redirect.
    formTargets: [new URL(deps.config.publicUrls.pay).origin, new URL(deps.config.publicUrls.bank).origin],
    logoutAction: '/logout',
    ...(deps.sessionTimeouts ? { timeouts: deps.sessionTimeouts } : {}),
  });
  const limiter = new RateLimiter(deps.db, deps.clock);
  const throttle = new LoginThrottle(deps.db, deps.clock);
  await app.register(loginRoutes({ db: deps.db, sessions, limiter, throttle }));
  await app.register(
    servicesRoutes({
      db: deps.db,
      payBaseUrl: deps.config.publicUrls.pay,
      clock: deps.clock,
      timeZone: deps.config.businessTimeZone,
      renewalLeadDays: deps.config.renewals.leadDays,
    }),
  );
  await app.register(
    autoRenewRoutes({
      db: deps.db,
      clock: deps.clock,
      timeZone: deps.config.businessTimeZone,
      leadDays: deps.config.renewals.leadDays,
    }),
  );
  await app.register(orderActionRoutes({ db: deps.db, clock: deps.clock, timeZone: deps.config.businessTimeZone }));
  await app.register(
    cardsRoutes({
      db: deps.db,
      clock: deps.clock,
      logger: app.log,
      timeZone: deps.config.businessTimeZone,
      // Created on first use: building the app must not write the bank secret into DATA_DIR.
      gateway: () => (deps.gateway ??= gatewayFromConfig(deps.config, deps.clock)),
      areaUrl: deps.config.publicUrls.area,
      payUrl: deps.config.publicUrls.pay,
      renewalLeadDays: deps.config.renewals.leadDays,
      fiscalProvider: deps.config.invoices.provider,
    }),
  );
  await app.register(renewalInfoRoutes({ sessions, leadDays: deps.config.renewals.leadDays }));
  await app.register(
    discountsRoutes({ db: deps.db, clock: deps.clock, timeZone: deps.config.businessTimeZone, sessions }),
  );
  await app.register(payHandoffRoutes({ db: deps.db, clock: deps.clock, payBaseUrl: deps.config.publicUrls.pay }));
  await app.register(paymentLinkRoutes({ db: deps.db, clock: deps.clock }));
  await app.register(
    helpRoutes({ db: deps.db, clock: deps.clock, sessions, limiter, supportEmail: deps.config.mail.supportEmail }),
  );
  await app.register(passwordResetRoutes({ db: deps.db, clock: deps.clock, sessions, limiter }));
  await app.register(billingRoutes({ db: deps.db, clock: deps.clock }));
  await app.register(invoicesRoutes({ db: deps.db }));
  await app.register(feedbackRoutes({ db: deps.db, clock: deps.clock }));
  return app;
}
