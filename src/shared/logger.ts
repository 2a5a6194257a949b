import pino, { type Logger } from 'pino';

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
