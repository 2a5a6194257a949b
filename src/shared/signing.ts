import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * HMAC-SHA256 signatures for messages between the merchant and the bank, in the header `Cassa-Signature`. Two forms:
 *
 * **Requests** (merchant → bank API): `t=<unix seconds>,n=<nonce hex>,v1=<hex HMAC>` over
 * `"<t>.<n>.<METHOD> <path with query>\n<Idempotency-Key or empty>\n<raw body or empty>"` (see {@link signRequest}).
 * Everything that decides what the request does is covered: the method, the path and query exactly as sent, the
 * idempotency key (a captured charge cannot be replayed under a fresh key) and the body byte for byte. The random
 * nonce makes each signature single-use: the bank remembers (merchant, nonce) until the timestamp leaves its tolerance
 * and refuses a second use (`signature_replayed`). Sign every request afresh, retries included.
 *
 * **Payloads** (bank → merchant: notifications, the return URL): `t=<unix seconds>,v1=<hex HMAC>` over
 * `"<t>.<payload>"`, the payload being the notification's raw body or `"<session_id>.<status>"` (see
 * {@link signPayload}). These carry no nonce, on purpose: their content is only a hint — the merchant stores an event
 * once per event id and then asks the bank for the authoritative session — so replaying one within its 5 minutes
 * changes nothing, and a nonce would cost every merchant a replay store for no gain.
 *
 * Both reject a timestamp further than the tolerance (300 s) from the receiver's clock. Verification accepts any of
 * several secrets, so a secret can be rotated: sign with the new one while the receiver still accepts both, then
 * retire the old one.
 */

export const SIGNATURE_HEADER = 'Cassa-Signature';

/** Seconds a signature stays valid either side of the receiver's clock. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export type SignatureFailure = 'missing' | 'malformed' | 'stale' | 'mismatch';

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: SignatureFailure };

export type RequestSignatureCheck =
  | { ok: true; timestamp: number; nonce: string }
  | { ok: false; reason: SignatureFailure };

const NONCE = /^[0-9a-f]{16,64}$/;

/** A fresh nonce: 128 random bits in hex. */
export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

/** What is signed for an HTTP request (without the secret). */
export interface SignedRequest {
  method: string;
  /** The path and query exactly as sent in the request line, percent-encoding included. */
  path: string;
  idempotencyKey?: string | undefined;
  body?: string | undefined;
}

/** The string a request signature covers: `"<t>.<n>.<METHOD> <path>\n<idempotency key>\n<body>"`. */
export function requestSigningString(request: SignedRequest & { timestamp: number; nonce: string }): string {
  return `${request.timestamp}.${request.nonce}.${request.method.toUpperCase()} ${request.path}\n${request.idempotencyKey ?? ''}\n${request.body ?? ''}`;
}

function hmacHex(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text, 'utf8').digest('hex');
}

/** Hex HMAC-SHA256 of `"<timestamp>.<payload>"`. */
export function computeSignature(secret: string, timestamp: number, payload: string): string {
  return hmacHex(secret, `${timestamp}.${payload}`);
}

/** The value of a `Cassa-Signature` header for a payload (notification body, return parameters), signed at `now`. */
export function signPayload(secret: string, payload: string, now: Date = new Date()): string {
  if (!secret) throw new Error('signing secret is empty');
  const timestamp = Math.floor(now.getTime() / 1000);
  return `t=${timestamp},v1=${computeSignature(secret, timestamp, payload)}`;
}

/** The `Cassa-Signature` value for an HTTP request to the bank's API, with a fresh nonce unless one is given. */
export function signRequest(request: SignedRequest & { secret: string; now?: Date; nonce?: string }): string {
  if (!request.secret) throw new Error('signing secret is empty');
  const timestamp = Math.floor((request.now ?? new Date()).getTime() / 1000);
  const nonce = request.nonce ?? newNonce();
  if (!NONCE.test(nonce)) throw new Error('a nonce is 16 to 64 lowercase hex digits');
  return `t=${timestamp},n=${nonce},v1=${hmacHex(request.secret, requestSigningString({ ...request, timestamp, nonce }))}`;
}

/** Parses `t=<unix>[,n=<nonce>],v1=<hex>[,v1=<hex>…]`; several v1 values may be sent while the sender rotates. */
export function parseSignatureHeader(
  header: string,
): { timestamp: number; nonce: string | undefined; signatures: string[] } | undefined {
  let timestamp: number | undefined;
  let nonce: string | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return undefined;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value)) return undefined;
      timestamp = Number(value);
    } else if (key === 'n') {
      if (!NONCE.test(value) || nonce !== undefined) return undefined;
      nonce = value;
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/.test(value)) return undefined;
      signatures.push(value);
    }
  }
  if (timestamp === undefined || signatures.length === 0) return undefined;
  return { timestamp, nonce, signatures };
}

/** True when one of `candidates` is the HMAC of `text` under one of `secrets`; compares all, in constant time. */
function anyMatches(secrets: readonly string[], text: string, candidates: readonly string[]): boolean {
  let matched = false;
  for (const secret of secrets) {
    if (!secret) continue;
    const expected = Buffer.from(hmacHex(secret, text), 'hex');
    for (const candidate of candidates) {
      if (timingSafeEqual(expected, Buffer.from(candidate, 'hex'))) matched = true;
    }
  }
  return matched;
}

function isStale(timestamp: number, now: Date | undefined, toleranceSeconds: number | undefined): boolean {
  const nowSeconds = Math.floor((now ?? new Date()).getTime() / 1000);
  return Math.abs(nowSeconds - timestamp) > (toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS);
}

/**
 * Checks a payload's `Cassa-Signature` against every secret currently valid. The comparison is constant-time; a
 * timestamp further than `toleranceSeconds` from `now` is `stale`.
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
  if (isStale(parsed.timestamp, options.now, options.toleranceSeconds)) return { ok: false, reason: 'stale' };
  const text = `${parsed.timestamp}.${options.payload}`;
  return anyMatches(options.secrets, text, parsed.signatures)
    ? { ok: true, timestamp: parsed.timestamp }
    : { ok: false, reason: 'mismatch' };
}

/**
 * Checks a request's `Cassa-Signature` (which must carry a nonce) against every secret currently valid. It says
 * nothing of replays: the receiver must also refuse a nonce it has already seen within the tolerance.
 */
export function verifyRequestSignature(
  options: SignedRequest & {
    header: string | undefined;
    secrets: readonly string[];
    now?: Date;
    toleranceSeconds?: number;
  },
): RequestSignatureCheck {
  if (!options.header) return { ok: false, reason: 'missing' };
  const parsed = parseSignatureHeader(options.header);
  if (!parsed?.nonce) return { ok: false, reason: 'malformed' };
  if (isStale(parsed.timestamp, options.now, options.toleranceSeconds)) return { ok: false, reason: 'stale' };
  const text = requestSigningString({ ...options, timestamp: parsed.timestamp, nonce: parsed.nonce });
  return anyMatches(options.secrets, text, parsed.signatures)
    ? { ok: true, timestamp: parsed.timestamp, nonce: parsed.nonce }
    : { ok: false, reason: 'mismatch' };
}
