import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { WebhookEndpoint } from '../../db/schema.ts';

/** A new signing secret, as Standard Webhooks spells one: `whsec_` and 24 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/**
 * The `webhook-signature` header: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` with the current secret and,
 * while a rotation's overlap lasts, with the previous one too, space-separated (the receiver accepts either, so it
 * can switch secrets at its own pace).
 */
export function signatureHeader(
  endpoint: Pick<WebhookEndpoint, 'secret' | 'previous_secret' | 'previous_secret_expires_at'>,
  messageId: string,
  at: Date,
  body: string,
): string {
  const secrets = [endpoint.secret];
  if (endpoint.previous_secret && endpoint.previous_secret_expires_at && endpoint.previous_secret_expires_at > at) {
    secrets.push(endpoint.previous_secret);
  }
  return secrets.map((secret) => new Webhook(secret).sign(messageId, at, body)).join(' ');
}
