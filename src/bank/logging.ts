import type { FastifyBaseLogger } from 'fastify';

/**
 * Log fields that must never be written, whatever a future line of code passes to the logger: the backstop behind
 * CardNumber (which already masks itself) and the rule that a CVV is never logged.
 */
export const BANK_LOG_REDACT_PATHS = [
  'cvv',
  'number',
  'pan',
  'card_number',
  '*.cvv',
  '*.number',
  '*.pan',
  '*.card_number',
  'req.body',
  'body.cvv',
  'body.number',
  'req.headers.cookie',
  'req.headers["cassa-signature"]',
  'res.headers["set-cookie"]',
];

/** The bank's logger: a child of the process logger, tagged `app: bank`, with the redaction above. */
export function bankLogger(parent: FastifyBaseLogger): FastifyBaseLogger {
  return parent.child({ app: 'bank' }, { redact: { paths: BANK_LOG_REDACT_PATHS, censor: '[redacted]' } });
}
