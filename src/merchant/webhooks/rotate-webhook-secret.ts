import { parsePublicId } from '../public/public-ids.ts';
import type { WebhookDeps } from './webhook-deps.ts';
import { lockEndpoint, updateEndpoint } from './webhook-repository.ts';
import { type WebhookEndpointResource, webhookEndpointResource } from './webhook-resources.ts';
import { newWebhookSecret } from './webhook-secrets.ts';

export const DEFAULT_ROTATION_OVERLAP_SECONDS = 86_400;

/**
 * A new signing secret, shown once. For `overlapSeconds` (24 h by default; 0 ends the old one at once) every
 * delivery is signed with both, so the receiver can deploy the new secret without losing an event. Rotating again
 * during an overlap drops the oldest secret.
 */
export async function rotateWebhookSecret(
  deps: WebhookDeps,
  id: string,
  options: { overlapSeconds?: number } = {},
): Promise<
  | { ok: true; endpoint: WebhookEndpointResource; secret: string }
  | { ok: false; code: 'not_found' | 'invalid_overlap'; message: string }
> {
  const overlap = options.overlapSeconds ?? DEFAULT_ROTATION_OVERLAP_SECONDS;
  if (!Number.isInteger(overlap) || overlap < 0 || overlap > 7 * 86_400) {
    return {
      ok: false,
      code: 'invalid_overlap',
      message: 'overlapSeconds is a whole number from 0 to 604800 (7 days)',
    };
  }
  const rowId = parsePublicId('webhookEndpoint', id);
  const notFound = { ok: false, code: 'not_found', message: `no webhook endpoint ${id}` } as const;
  if (rowId === undefined) return notFound;
  const now = deps.clock.now();
  const secret = newWebhookSecret();
  const row = await deps.db.transaction().execute(async (trx) => {
    const current = await lockEndpoint(trx, rowId);
    if (!current) return undefined;
    return updateEndpoint(
      trx,
      rowId,
      {
        secret,
        previous_secret: overlap > 0 ? current.secret : null,
        previous_secret_expires_at: overlap > 0 ? new Date(now.getTime() + overlap * 1000) : null,
      },
      now,
    );
  });
  return row ? { ok: true, endpoint: webhookEndpointResource(row, now), secret } : notFound;
}
