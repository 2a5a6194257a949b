import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { redactUrl } from './logger.ts';

/**
 * One log line per request, written when it completes: method, url (one-time tokens cut), status, duration and the
 * request id. Fastify's own two lines a request (incoming, completed) are turned off, and the requests a monitor or a
 * page's assets make all day — health checks, stylesheets, scripts, icons — go at `debug`, so that at the default
 * `info` the log tells what people and systems did, not that a load balancer is alive.
 */
export const REQUEST_LOG_OPTIONS = { disableRequestLogging: true } as const satisfies FastifyServerOptions;

const ROUTINE = /^\/(?:healthz|readyz|favicon\.(?:ico|svg)|assets\/|[\w-]+\.(?:css|js|svg|png|ico)(?:\?|$))/;

/** Whether a request is routine traffic (logged at `debug`). */
export function isRoutineRequest(url: string): boolean {
  return ROUTINE.test(url);
}

export function logEachRequest(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const line = {
      method: request.method,
      url: redactUrl(request.url),
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      reqId: request.id,
    };
    if (isRoutineRequest(request.url)) request.log.debug(line, 'request');
    else request.log.info(line, 'request');
  });
}
