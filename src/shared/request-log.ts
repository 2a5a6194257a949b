import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
} from 'fastify';
import { redactUrl } from './logger.ts';
import { runWithRequestId } from './request-context.ts';

/**
 * One log line per request, written when it completes: method, url (one-time tokens cut), status, duration and the
 * request id. Fastify's own two lines a request (incoming, completed) are replaced, and the requests a monitor or a
 * page's assets make all day — health checks, stylesheets, scripts, icons — go at `debug`, so that at the default
 * `info` the log tells what people and systems did, not that a load balancer is alive. Errors are still logged as
 * Fastify logs them (a 5xx at `error`), by the controller's other methods, which are left as they are.
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = {
      method: request.method,
      url: redactUrl(request.url),
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      ...(error ? { err: error } : {}),
    };
    if (error) reply.log.error(line, 'request errored');
    else if (isRoutineRequest(request.url)) reply.log.debug(line, 'request');
    else reply.log.info(line, 'request');
  }
}

/** An id a caller may hand us (the merchant's, on a call to the bank): short, and nothing to inject into a log. */
const GIVEN_ID = /^[A-Za-z0-9._:-]{8,100}$/;

/**
 * Spread into every app's Fastify options; then call {@link trackRequestIds} on the app. Ids are our own, except
 * where `trustsGivenId` says the caller is one of ours (the merchant calling the bank's API): then its
 * `X-Request-Id` is kept, so one id follows a payment from the customer's click to the bank's log. A public page
 * never takes one: a made-up id could make a visitor's requests pass for someone else's in the logs.
 */
export function requestLogOptions(
  options: { trustsGivenId?: (request: IncomingMessage) => boolean } = {},
): Pick<FastifyServerOptions, 'logController' | 'genReqId' | 'requestIdHeader'> {
  return {
    logController: new OneLinePerRequest(),
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      const trusted = typeof given === 'string' && GIVEN_ID.test(given) && options.trustsGivenId?.(request) === true;
      return trusted ? given : randomUUID();
    },
  };
}

/**
 * Returns the request id as `X-Request-Id` on every answer (a person quoting it to support finds the log lines) and
 * makes it the current one while the request runs, so that calls to the bank carry it (request-context.ts).
 */
export function trackRequestIds(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    runWithRequestId(request.id, done);
  });
}

const ROUTINE = /^\/(?:healthz|readyz|favicon\.(?:ico|svg)|assets\/|[\w-]+\.(?:css|js|svg|png|ico)(?:\?|$))/;

/** Whether a request is routine traffic (logged at `debug`). */
export function isRoutineRequest(url: string): boolean {
  return ROUTINE.test(url);
}
