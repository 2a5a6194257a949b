import { signPayload } from '../../shared/signing.ts';
import type { BankContext } from '../bank-deps.ts';
import type { PaymentSessionRow } from '../db/schema.ts';

/**
 * The merchant's return_url with `session_id`, `status` and `signature` added. The signature is a Cassa-Signature
 * value (`t=…,v1=…`) over the payload `"<session_id>.<status>"`, made with the merchant's current secret: the shop can
 * trust the status at once, and still asks GET /api/v1/payment-sessions/:id for the full, authoritative record.
 */
export async function returnUrlFor(
  ctx: BankContext,
  session: PaymentSessionRow,
  /** merchants.version as read with the session just now. */
  merchantVersion: number,
): Promise<string> {
  const merchant = await ctx.merchants.atVersion(session.merchant_id, merchantVersion);
  if (!merchant || merchant.secrets.length === 0) throw new Error(`merchant ${session.merchant_id} has no secret`);
  const url = new URL(session.return_url);
  url.searchParams.set('session_id', session.id);
  url.searchParams.set('status', session.status);
  url.searchParams.set(
    'signature',
    signPayload(merchant.secrets[0]!, returnPayload(session.id, session.status), ctx.clock.now()),
  );
  return url.toString();
}

export function returnPayload(sessionId: string, status: string): string {
  return `${sessionId}.${status}`;
}
