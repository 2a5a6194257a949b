import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { BankContext } from '../bank-deps.ts';
import { BankError, errorBody } from '../bank-errors.ts';
import { registerSandboxCardRoutes } from '../sandbox/sandbox-card-routes.ts';
import { authenticateMerchant, setRawBody } from './api-auth.ts';
import { registerCardRoutes } from './card-routes.ts';
import { registerChargeRoutes } from './charge-routes.ts';
import { openApiDocument } from './openapi.ts';
import { registerPaymentSessionRoutes } from './payment-session-routes.ts';
import { registerRefundRoutes } from './refund-routes.ts';

/**
 * The merchant API under /api/v1: JSON in and out, every request signed (Cassa-Signature over method, path,
 * Idempotency-Key and raw body, with a nonce accepted once), every POST idempotent (Idempotency-Key). Registered as
 * an encapsulated plugin so its body parser and error handler apply to the API only.
 */
export async function apiPlugin(app: FastifyInstance, options: { ctx: BankContext }): Promise<void> {
  const { ctx } = options;

  // The signature covers the exact bytes sent, so the body is kept as text before it is parsed.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 64 * 1024 }, (request, body, done) => {
    const text = body as string;
    setRawBody(request, text);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new BankError('invalid_json'), undefined);
    }
  });

  // The description of the API is public; everything else is signed.
  app.get('/openapi.json', async () => openApiDocument(ctx.config.publicUrl));
  app.addHook('preHandler', async (request) => {
    if (request.routeOptions.url === `${app.prefix}/openapi.json`) return;
    await authenticateMerchant(ctx, request);
  });

  app.setNotFoundHandler((_request, reply) => reply.code(404).send(errorBody('not_found')));
  app.setErrorHandler((error: FastifyError, request, reply) => sendApiError(error, request, reply));

  registerPaymentSessionRoutes(app, ctx);
  registerChargeRoutes(app, ctx);
  registerRefundRoutes(app, ctx);
  registerCardRoutes(app, ctx);
  registerSandboxCardRoutes(app, ctx);
}

function sendApiError(error: FastifyError | BankError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof BankError) return reply.code(error.status).send(errorBody(error.code, error.details));
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send(errorBody('payload_too_large'));
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.code(415).send(errorBody('unsupported_media_type'));
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return reply.code(400).send(errorBody('invalid_request', { message: error.message }));
  }
  request.log.error({ err: error }, 'API request failed');
  return reply.code(500).send(errorBody('internal_error'));
}
