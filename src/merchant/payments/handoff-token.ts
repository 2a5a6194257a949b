import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Locale, MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { appSecret } from '../web/app-secrets.ts';

/**
 * The hand-off from Area Clienti to Pagamenti ("Paga"): a token that says "this customer, this order, this language",
 * signed (HMAC-SHA256), valid 60 seconds and usable once. Area Clienti mints it at the moment of the click; Pagamenti
 * checks the signature and the time, then records its nonce — the primary key of `pay_handoff_uses` makes a second
 * use impossible, whichever process receives it.
 *
 * The signing key lives in the database (web/app-secrets.ts).
 */
export const HANDOFF_TTL_MS = 60_000;

const KEY_NAME = 'pay_handoff_hmac';

export interface Handoff {
  customerId: number;
  orderNumber: string | null;
  locale: Locale;
  /**
   * Where Pagamenti opens: by default the method choice with the order number filled in (the seed's step 4, as
   * "Paga" does); `card`: straight at that order's card choice (a payment link, whose purpose is already known).
   */
  landing?: 'card';
}

export type HandoffCheck = { ok: true; handoff: Handoff } | { ok: false; reason: 'invalid' | 'expired' | 'used' };

async function handoffKey(db: Kysely<MerchantDatabase>): Promise<Buffer> {
  return Buffer.from(await appSecret(db, KEY_NAME), 'hex');
}

const sign = (key: Buffer, body: string) => createHmac('sha256', key).update(body).digest('base64url');

export async function createHandoffToken(
  db: Kysely<MerchantDatabase>,
  clock: Clock,
  handoff: Handoff,
): Promise<string> {
  const body = Buffer.from(
    JSON.stringify({
      n: randomBytes(16).toString('hex'),
      c: handoff.customerId,
      o: handoff.orderNumber,
      l: handoff.locale,
      ...(handoff.landing ? { d: handoff.landing } : {}),
      e: clock.now().getTime() + HANDOFF_TTL_MS,
    }),
  ).toString('base64url');
  return `${body}.${sign(await handoffKey(db), body)}`;
}

/** Checks a token and spends it. Anything that is not exactly a token we signed is `invalid`. */
export async function redeemHandoffToken(
  db: Kysely<MerchantDatabase>,
  clock: Clock,
  token: unknown,
): Promise<HandoffCheck> {
  if (typeof token !== 'string' || token.length > 600) return { ok: false, reason: 'invalid' };
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return { ok: false, reason: 'invalid' };
  const expected = Buffer.from(sign(await handoffKey(db), body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid' };
  let claims: { n?: unknown; c?: unknown; o?: unknown; l?: unknown; d?: unknown; e?: unknown };
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  const { n, c, o, l, d, e } = claims;
  if (
    typeof n !== 'string' ||
    typeof c !== 'number' ||
    !(o === null || typeof o === 'string') ||
    (l !== 'it' && l !== 'en') ||
    (d !== undefined && d !== 'card') ||
    typeof e !== 'number'
  ) {
    return { ok: false, reason: 'invalid' };
  }
  if (clock.now().getTime() > e) return { ok: false, reason: 'expired' };
  const spent = await db
    .insertInto('pay_handoff_uses')
    .values({ nonce: n, customer_id: c, used_at: clock.now() })
    .onConflict((oc) => oc.column('nonce').doNothing())
    .returning('nonce')
    .executeTakeFirst();
  if (!spent) return { ok: false, reason: 'used' };
  return {
    ok: true,
    handoff: { customerId: c, orderNumber: o, locale: l, ...(d === 'card' && o !== null ? { landing: d } : {}) },
  };
}
