import type { Kysely } from 'kysely';
import type { MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { signPayload, verifySignature } from '../../shared/signing.ts';
import { enqueueEmail } from '../email/outbox-repository.ts';
import { appSecret } from '../web/app-secrets.ts';

/**
 * A payment link (POST /api/v1/orders/:id/payment-link): an Area Clienti address that, after login, opens Pagamenti
 * on one order, the way "Paga" does. It is `<order id>.<expiry, unix seconds>.<signature>`, signed with the shared
 * payload scheme (shared/signing.ts: HMAC-SHA256 over `"<t>.<payload>"`) where `t` is the link's expiry, under a key
 * of its own in `app_secrets`. It grants nothing by itself: following it still needs the order's customer to log in
 * (area/payment-link-routes.ts), so a forwarded link shows another person nothing.
 */
export const PAYMENT_LINK_PATH_PREFIX = '/link-pagamento/';
export const PAYMENT_LINK_PATH = /^\/link-pagamento\/[1-9][0-9]{0,15}\.[0-9]{1,12}\.[0-9a-f]{64}$/;
export const DEFAULT_LINK_SECONDS = 7 * 86_400;
export const MAX_LINK_SECONDS = 30 * 86_400;

const KEY_NAME = 'payment_link_hmac';
const payloadOf = (orderId: number) => `payment_link:${orderId}`;

export interface PaymentLinkDeps {
  db: Kysely<MerchantDatabase>;
  clock: Clock;
  /** Area Clienti's public URL (config.publicUrls.area): the link logs the customer in there. */
  areaUrl: string;
}

export interface PaymentLinkRequest {
  orderId: number;
  /** How long it works: 7 days unless said, at most 30 days, at least 60 seconds. */
  expiresInSeconds?: number;
  /** Also email it to the order's customer (template `payment_link`), once per link. */
  email?: boolean;
}

export type PaymentLinkResult =
  | { ok: true; url: string; expiresAt: Date; emailed: boolean }
  | { ok: false; reason: 'not_found' | 'not_awaiting_payment' | 'invalid_expiry' };

export async function createPaymentLink(
  deps: PaymentLinkDeps,
  request: PaymentLinkRequest,
): Promise<PaymentLinkResult> {
  const seconds = request.expiresInSeconds ?? DEFAULT_LINK_SECONDS;
  if (!Number.isSafeInteger(seconds) || seconds < 60 || seconds > MAX_LINK_SECONDS) {
    return { ok: false, reason: 'invalid_expiry' };
  }
  const order = await deps.db
    .selectFrom('orders')
    .innerJoin('customers', 'customers.id', 'orders.customer_id')
    .select([
      'orders.id',
      'orders.number',
      'orders.state',
      'orders.total_cents',
      'orders.currency',
      'customers.id as customerId',
      'customers.email',
      'customers.locale',
    ])
    .where('orders.id', '=', request.orderId)
    .executeTakeFirst();
  if (!order) return { ok: false, reason: 'not_found' };
  if (order.state !== 'awaiting_payment') return { ok: false, reason: 'not_awaiting_payment' };
  const now = deps.clock.now();
  const expiresAt = new Date(Math.floor(now.getTime() / 1000 + seconds) * 1000);
  const header = signPayload(await appSecret(deps.db, KEY_NAME), payloadOf(Number(order.id)), expiresAt);
  const signature = header.slice(header.indexOf('v1=') + 3);
  const token = `${order.id}.${expiresAt.getTime() / 1000}.${signature}`;
  const url = `${deps.areaUrl}${PAYMENT_LINK_PATH_PREFIX}${token}`;
  let emailed = false;
  if (request.email) {
    // The outbox row and its delivery job together, or neither.
    await deps.db.transaction().execute((trx) =>
      enqueueEmail(trx, {
        dedupeKey: `payment_link:order:${order.id}:${expiresAt.getTime() / 1000}`,
        customerId: order.customerId,
        to: order.email,
        locale: order.locale,
        template: 'payment_link',
        data: {
          orderId: Number(order.id),
          orderNumber: order.number,
          totalCents: order.total_cents,
          currency: order.currency,
          url,
          expiresAt: expiresAt.toISOString(),
        },
        at: now,
      }),
    );
    emailed = true;
  }
  return { ok: true, url, expiresAt, emailed };
}

export type PaymentLinkCheck = { ok: true; orderId: number } | { ok: false; reason: 'invalid' | 'expired' };

/** Reads a link's token: the order it names, if we signed it and it has not expired. */
export async function checkPaymentLinkToken(
  deps: Pick<PaymentLinkDeps, 'db' | 'clock'>,
  token: string,
): Promise<PaymentLinkCheck> {
  const match = /^([1-9][0-9]{0,15})\.([0-9]{1,12})\.([0-9a-f]{64})$/.exec(token);
  if (!match) return { ok: false, reason: 'invalid' };
  const [, id, expires, signature] = match as unknown as [string, string, string, string];
  const now = deps.clock.now();
  const check = verifySignature({
    header: `t=${expires},v1=${signature}`,
    payload: payloadOf(Number(id)),
    secrets: [await appSecret(deps.db, KEY_NAME)],
    now,
    // `t` is the expiry, up to 30 days ahead; the expiry itself is checked below.
    toleranceSeconds: MAX_LINK_SECONDS + 86_400,
  });
  if (!check.ok) return { ok: false, reason: check.reason === 'stale' ? 'expired' : 'invalid' };
  if (now.getTime() > check.timestamp * 1000) return { ok: false, reason: 'expired' };
  return { ok: true, orderId: Number(id) };
}
