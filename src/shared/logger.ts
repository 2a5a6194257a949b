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

export function createLogger(level: string, name = 'cassa'): Logger {
  return pino({ name, level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } });
}
