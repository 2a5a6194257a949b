import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HMAC signatures for messages between the merchant and the bank, in the header
 * `Cassa-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>`.
 *
 * The signed string is `"<t>.<payload>"`, where the payload is:
 * - for a request or notification with a body: the raw body, byte for byte as sent;
 * - for a request without a body (GET, DELETE): `"<METHOD> <path with query string>"` (see {@link requestPayload}).
 *
 * The timestamp is signed too, so a captured message cannot be replayed after the tolerance (300 s by default).
 * Verification accepts any of several secrets, so a secret can be rotated: sign with the new one while the receiver
 * still accepts both, then retire the old one.
 */

export const SIGNATURE_HEADER = 'Cassa-Signature';

/** Seconds a signature stays valid either side of the receiver's clock. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export type SignatureFailure = 'missing' | 'malformed' | 'stale' | 'mismatch';

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: SignatureFailure };

/** The payload to sign for a request: its raw body, or `"<METHOD> <path>"` when it has none. */
export function requestPayload(request: { method: string; path: string; body?: string | undefined }): string {
  const method = request.method.toUpperCase();
  if (method === 'GET' || method === 'HEAD' || method === 'DELETE') return `${method} ${request.path}`;
  return request.body ?? '';
}

/** Hex HMAC-SHA256 of `"<timestamp>.<payload>"`. */
export function computeSignature(secret: string, timestamp: number, payload: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
}

/** The value of a `Cassa-Signature` header for a payload, signed with one secret at `now`. */
export function signPayload(secret: string, payload: string, now: Date = new Date()): string {
  if (!secret) throw new Error('signing secret is empty');
  const timestamp = Math.floor(now.getTime() / 1000);
  return `t=${timestamp},v1=${computeSignature(secret, timestamp, payload)}`;
}

/**
 * The `Cassa-Signature` value for an HTTP request: signs the raw body, or `"<METHOD> <path>"` when there is none.
 * `path` is the path and query exactly as sent in the request line.
 */
export function signRequest(request: {
  secret: string;
  method: string;
  path: string;
  body?: string | undefined;
  now?: Date;
}): string {
  return signPayload(request.secret, requestPayload(request), request.now);
}

/** Parses `t=<unix>,v1=<hex>[,v1=<hex>…]`; several v1 values may be sent while the sender rotates its secret. */
export function parseSignatureHeader(header: string): { timestamp: number; signatures: string[] } | undefined {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return undefined;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value)) return undefined;
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/.test(value)) return undefined;
      signatures.push(value);
    }
  }
  if (timestamp === undefined || signatures.length === 0) return undefined;
  return { timestamp, signatures };
}

/**
 * Checks a `Cassa-Signature` header against a payload and every secret currently valid.
 * The comparison is constant-time; a timestamp further than `toleranceSeconds` from `now` is `stale`.
 */
export function verifySignature(options: {
  header: string | undefined;
  payload: string;
  secrets: readonly string[];
  now?: Date;
  toleranceSeconds?: number;
}): SignatureCheck {
  if (!options.header) return { ok: false, reason: 'missing' };
  const parsed = parseSignatureHeader(options.header);
  if (!parsed) return { ok: false, reason: 'malformed' };
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(nowSeconds - parsed.timestamp) > tolerance) return { ok: false, reason: 'stale' };
  // Compare every candidate without stopping early, so timing does not reveal which secret or value matched.
  let matched = false;
  for (const secret of options.secrets) {
    if (!secret) continue;
    const expected = Buffer.from(computeSignature(secret, parsed.timestamp, options.payload), 'hex');
    for (const candidate of parsed.signatures) {
      if (timingSafeEqual(expected, Buffer.from(candidate, 'hex'))) matched = true;
    }
  }
  return matched ? { ok: true, timestamp: parsed.timestamp } : { ok: false, reason: 'mismatch' };
}
