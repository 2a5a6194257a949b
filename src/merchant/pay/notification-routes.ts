import type { FastifyInstance } from 'fastify';
import { processGatewayEvent, storeGatewayEvent } from '../payments/gateway-events.ts';
import type { PaymentDeps } from '../payments/payment-deps.ts';

export const NOTIFICATION_PATH = '/notifications/bank';

/**
 * The bank's server-to-server notifications: verify the signature and its timestamp over the raw body, store the event
 * (once per event id, with the job that applies it), answer 2xx at once, then process it — completion asks the bank
 * again, so a forged or stale content could not change anything even if it got through. If the process stops before
 * it is applied here, the worker applies it.
 *
 * The caller is the bank, authenticated by its signature, not a browser: the answer is sent in `preValidation`, before
 * the web layer's CSRF check for browser forms (a preHandler) would run. The body stays raw text in this plugin only.
 */
export function notificationRoutes(deps: { payments: PaymentDeps }) {
  return async (app: FastifyInstance) => {
    // Processing continues after the answer; closing the app waits for it, so a shutdown never cuts one in half.
    const inFlight = new Set<Promise<void>>();
    app.addHook('onClose', async () => {
      await Promise.allSettled([...inFlight]);
    });
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) =>
      done(null, body),
    );

    app.post(
      NOTIFICATION_PATH,
      {
        preValidation: async (request, reply) => {
          const raw = typeof request.body === 'string' ? request.body : '';
          const header = request.headers['cassa-signature'];
          const check = deps.payments.gateway.verifyNotification(raw, typeof header === 'string' ? header : undefined);
          if (!check.ok) {
            request.log.warn({ reason: check.reason }, 'notification refused');
            return reply.code(check.reason === 'malformed' ? 400 : 401).send({ error: check.reason });
          }
          const { notification } = check;
          const isNew = await storeGatewayEvent(deps.payments.db, notification, raw, deps.payments.clock.now());
          await reply.code(200).send({ received: true, duplicate: !isNew });
          const processing = new Promise<void>((resolve) => setImmediate(resolve))
            .then(() => processGatewayEvent(deps.payments, notification.eventId))
            .catch((error: unknown) =>
              request.log.error({ err: error, eventId: notification.eventId }, 'notification stored, not yet applied'),
            )
            .finally(() => inFlight.delete(processing));
          inFlight.add(processing);
          return reply;
        },
      },
      // Never reached: preValidation always answers.
      async (_request, reply) => reply.code(500).send({ error: 'unreachable' }),
    );
  };
}
