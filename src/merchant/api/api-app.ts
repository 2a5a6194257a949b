import swagger from '@fastify/swagger';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { requestLogOptions, trackRequestIds } from '../../shared/request-log.ts';
import type { PaymentGateway } from '../gateway/payment-gateway.ts';
import { RateLimiter } from '../rate-limits/rate-limiter.ts';
import { authenticateApiKey } from './api-auth.ts';
import { ApiError, sendProblem } from './api-errors.ts';
import { registerIdempotency } from './api-idempotency-hooks.ts';
import { billingDetailsRoutes } from './billing-details-routes.ts';
import { cardRoutes } from './card-routes.ts';
import { customerRoutes } from './customer-routes.ts';
import { docsRoutes } from './docs-routes.ts';
import { eventRoutes } from './event-routes.ts';
import { healthRoutes, readinessRoutes } from './health-routes.ts';
import { invoiceRoutes } from './invoice-routes.ts';
import { orderRoutes } from './order-routes.ts';
import { paymentLinkRoutes } from './payment-link-routes.ts';
import { paymentRoutes } from './payment-routes.ts';
import { productRoutes } from './product-routes.ts';
import { refundRoutes } from './refund-routes.ts';
import { serviceRoutes } from './service-routes.ts';
import { webhookEndpointRoutes } from './webhook-endpoint-routes.ts';

/** What every API route file receives: the composition root's dependencies, passed explicitly. */
export interface ApiDeps {
  db: Kysely<MerchantDatabase>;
  config: Config;
  clock: Clock;
  logger: FastifyBaseLogger;
  gateway: PaymentGateway;
}

/** The API's Fastify instance, typed by zod schemas (the same schema validates, types the handler and feeds OpenAPI). */
export type ApiApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/**
 * One resource's routes, registered under `/api/v1` behind API-key authentication, rate limits and Idempotency-Key
 * on every POST. Paths are relative (`/customers`). Every route must declare a zod `schema` (with `tags` and a
 * `summary`): the OpenAPI test fails on one that does not.
 */
export type ApiRoutes = (app: ApiApp, deps: ApiDeps) => void;

/** The resources of `/api/v1`. A new resource file is one more entry here. */
export const API_ROUTES: readonly ApiRoutes[] = [
  customerRoutes,
  billingDetailsRoutes,
  productRoutes,
  serviceRoutes,
  orderRoutes,
  paymentRoutes,
  refundRoutes,
  invoiceRoutes,
  paymentLinkRoutes,
  cardRoutes,
  eventRoutes,
  webhookEndpointRoutes,
];

export const API_PREFIX = '/api/v1';

/** Requests' JSON bodies are small: a customer, an order; anything bigger is a mistake or an attack. */
const BODY_LIMIT = 64 * 1024;

const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * The merchant REST API (issue 11, docs/api.md): its own app on its own origin (API_PORT), JSON only, no cookies,
 * errors as application/problem+json, an OpenAPI 3.1 document generated from the route schemas at
 * /api/v1/openapi.json and a docs page at /api/docs.
 */
export async function buildApiApp(
  deps: ApiDeps,
  options: {
    routes?: readonly ApiRoutes[];
    onRoute?: (route: { method: string | string[]; url: string }) => void;
  } = {},
): Promise<ApiApp> {
  const app = Fastify({
    loggerInstance: deps.logger.child({ app: 'api' }),
    bodyLimit: BODY_LIMIT,
    trustProxy: deps.config.trustProxy,
    ...requestLogOptions(),
  }).withTypeProvider<ZodTypeProvider>();
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  trackRequestIds(app as unknown as FastifyInstance);
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cache-control', 'no-store');
    reply.header('content-security-policy', API_CSP);
  });
  app.setErrorHandler(async (error, request, reply) => sendProblem(reply, toApiError(error, request.log)));
  app.setNotFoundHandler(async (request, reply) =>
    sendProblem(reply, new ApiError('not_found', `No route ${request.method} ${request.url.split('?')[0]}`)),
  );

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Cassa API',
        version: '1',
        description:
          'The merchant REST API of Cassa: customers, services, orders, payments, cards, events and webhook endpoints. Authenticate with ' +
          '`Authorization: Bearer <API key>`; send `Idempotency-Key` on every POST. Errors are RFC 9457 ' +
          '`application/problem+json` with a stable `code`. Money is integer cents, instants ISO 8601 in UTC.',
      },
      servers: [{ url: deps.config.publicUrls.api }],
      components: {
        securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'cassa_live_… / cassa_test_…' } },
      },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });

  const limiter = new RateLimiter(deps.db, deps.clock);
  await app.register(
    async (scope) => {
      const v1 = scope.withTypeProvider<ZodTypeProvider>();
      v1.addHook('onRequest', async (request) =>
        authenticateApiKey(
          {
            db: deps.db,
            limiter,
            perMinute: deps.config.api.rateLimitPerMinute,
            now: () => deps.clock.now(),
          },
          request,
        ),
      );
      registerIdempotency(v1, deps);
      for (const routes of options.routes ?? API_ROUTES) routes(v1, deps);
    },
    { prefix: API_PREFIX },
  );
  healthRoutes(app);
  readinessRoutes(app, deps);
  await docsRoutes(app);
  return app;
}

function toApiError(error: unknown, log: FastifyBaseLogger): ApiError {
  if (error instanceof ApiError) {
    log.info({ code: error.code, reason: error.message }, 'request refused');
    return error;
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.map((issue) => ({
      field: issue.instancePath.replace(/^\//, '').replaceAll('/', '.'),
      message: issue.message ?? 'invalid',
    }));
    const where = error.validationContext ?? 'request';
    return new ApiError('invalid_request', `The ${where} has ${errors.length} invalid field(s).`, { errors });
  }
  const fastifyError = error as { code?: string; statusCode?: number; message?: string };
  if (!isResponseSerializationError(error) && fastifyError.statusCode !== undefined) {
    if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new ApiError('payload_too_large');
    if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new ApiError('unsupported_media_type');
    if (fastifyError.statusCode === 404) return new ApiError('not_found');
    if (fastifyError.statusCode === 405) return new ApiError('method_not_allowed');
    if (fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
      return new ApiError('invalid_request', fastifyError.message);
    }
  }
  log.error({ err: error }, 'request failed');
  return new ApiError('internal');
}
