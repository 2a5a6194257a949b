import { type FastifyReply, type FastifyRequest, type FastifyServerOptions, LogController } from 'fastify';
import { redactUrl } from './logger.ts';

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

/** Spread into every app's Fastify options. */
export function requestLogOptions(): Pick<FastifyServerOptions, 'logController'> {
  return { logController: new OneLinePerRequest() };
}

const ROUTINE = /^\/(?:healthz|readyz|favicon\.(?:ico|svg)|assets\/|[\w-]+\.(?:css|js|svg|png|ico)(?:\?|$))/;

/** Whether a request is routine traffic (logged at `debug`). */
export function isRoutineRequest(url: string): boolean {
  return ROUTINE.test(url);
}
