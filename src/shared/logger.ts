import pino, { type Logger } from 'pino';
import pinoPretty from 'pino-pretty';

/**
 * JSON logs (pino). Redaction is a backstop: card data never reaches the merchant's logs by design, and secrets and
 * cookies are cut here in case a request or error object is logged whole.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["cassa-signature"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.pan',
  '*.cvv',
  '*.cardNumber',
  '*.card_number',
  '*.number_encrypted',
];

/** Query parameters that carry one-time credentials (the Area Clienti → Pagamenti hand-off token). */
const SECRET_QUERY = /([?&](?:token|code)=)[^&#]*/g;

export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1[redacted]');
}

interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remoteAddress?: string };
}

export function createLogger(level: string, name = 'cassa', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      name,
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: {
        // Fastify's request line, minus one-time tokens in the query string (single-use, but logs outlive them).
        req: (request: LoggedRequest) => ({
          method: request.method,
          url: redactUrl(request.url),
          host: request.host,
          remoteAddress: request.ip ?? request.socket?.remoteAddress,
        }),
      },
    },
    destination,
  );
}

/**
 * Where the process's log goes: JSON lines on stdout for a collector, or — for a person at a terminal in development —
 * one readable line each (`12:00:01 INFO area: request GET /login 200 3.1ms`), written synchronously so the start
 * banner printed after start-up stays below the start-up lines.
 */
export function logDestination(
  format: 'auto' | 'json' | 'pretty',
  context: { isTTY: boolean; production: boolean },
  /** Where pretty lines go (stdout unless a test says otherwise). */
  output?: NodeJS.WritableStream,
): pino.DestinationStream | undefined {
  const pretty = format === 'pretty' || (format === 'auto' && context.isTTY && !context.production);
  if (!pretty) return undefined;
  return pinoPretty({
    sync: true,
    ...(output ? { destination: output } : {}),
    colorize: context.isTTY,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,name,role,reqId,app,method,url,status,ms',
    messageFormat: (log, messageKey) => {
      // One process running every role need not say so on each line; a role process does (`[worker] …`).
      const role = typeof log.role === 'string' && log.role !== 'all' ? `[${log.role}] ` : '';
      const app = `${role}${typeof log.app === 'string' ? `${log.app}: ` : ''}`;
      const message = String(log[messageKey] ?? '');
      if (message !== 'request') return `${app}${message}`;
      return `${app}${log.method} ${log.url} ${log.status} ${log.ms}ms`;
    },
    hideObject: false,
  });
}
