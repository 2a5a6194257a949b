import type { BrandConfig } from '../../config.ts';
import type { Customer } from '../../db/schema.ts';
import type { Operator } from '../operators/operator-repository.ts';
import type { I18n } from './i18n/i18n.ts';
import type { WebSession } from './sessions.ts';

/** What the web infrastructure (web-app.ts) attaches to every request before a route runs. */
declare module 'fastify' {
  interface FastifyRequest {
    /** The request's server-side session, or null when it has none (yet). */
    session: WebSession | null;
    /** The signed-in customer, or null. */
    customer: Customer | null;
    /** The back office's signed-in operator, or null (always null in the customer apps). */
    operator: Operator | null;
    i18n: I18n;
    /** The provider's brand (config.brand), for the layout's header. */
    brand: BrandConfig;
  }
}
