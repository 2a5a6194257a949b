import type { FastifyRequest } from 'fastify';
import { SIGNATURE_HEADER, type SignatureFailure, verifyRequestSignature } from '../../shared/signing.ts';
import type { BankContext } from '../bank-deps.ts';
import { BankError, type BankErrorCode } from '../bank-errors.ts';
import type { Merchant } from '../merchants/merchant-repository.ts';
import { recordNonce } from './signature-nonces.ts';

/** Header naming the calling merchant, whose secrets then verify Cassa-Signature. */
export const MERCHANT_HEADER = 'Cassa-Merchant';

const rawBodies = new WeakMap<FastifyRequest, string>();
const merchants = new WeakMap<FastifyRequest, Merchant>();

export function setRawBody(request: FastifyRequest, body: string): void {
  rawBodies.set(request, body);
}

export function rawBodyOf(request: FastifyRequest): string {
  return rawBodies.get(request) ?? '';
}

/** The authenticated merchant of an API request (set by {@link authenticateMerchant}). */
export function merchantOf(request: FastifyRequest): Merchant {
  const merchant = merchants.get(request);
  if (!merchant) throw new Error('merchantOf() called on an unauthenticated request');
  return merchant;
}

const FAILURE_CODES: Record<SignatureFailure, BankErrorCode> = {
  missing: 'signature_missing',
  malformed: 'signature_malformed',
  stale: 'signature_expired',
  mismatch: 'signature_invalid',
};

/**
 * Verifies Cassa-Merchant and Cassa-Signature (method, path and query, Idempotency-Key and body, with a nonce), then
 * spends the nonce: a signature is accepted once. Throws a 401 BankError otherwise.
 *
 * The merchant comes from the cache (MerchantCache). A signature its copy refuses is checked again against the
 * merchant read afresh (a secret added since is honoured at once); one its copy accepts is accepted only if the nonce
 * insert confirms the copy's version, else it is checked again too (a secret removed since is refused at once).
 */
export async function authenticateMerchant(ctx: BankContext, request: FastifyRequest): Promise<void> {
  const merchantId = request.headers[MERCHANT_HEADER.toLowerCase()];
  if (typeof merchantId !== 'string' || !/^[a-z0-9_-]{1,40}$/.test(merchantId)) throw new BankError('merchant_unknown');
  const cached = ctx.merchants.cached(merchantId);
  let merchant = cached ?? (await ctx.merchants.load(merchantId));
  if (!merchant) throw new BankError('merchant_unknown');
  let check = verifySignature(ctx, request, merchant);
  if (!check.ok && cached) {
    merchant = await ctx.merchants.load(merchantId);
    if (!merchant) throw new BankError('merchant_unknown');
    check = verifySignature(ctx, request, merchant);
  }
  if (!check.ok) throw refused(request, merchantId, check.reason);
  // Kept until the timestamp leaves the tolerance: after that the signature is refused as stale anyway.
  const expiresAt = new Date((check.timestamp + ctx.config.signatureToleranceSeconds) * 1000);
  const spent = await recordNonce(ctx.db, { merchantId: merchant.id, nonce: check.nonce, expiresAt });
  if (spent.replayed) {
    request.log.warn({ merchantId }, 'rejected a replayed API signature');
    throw new BankError('signature_replayed');
  }
  if (spent.merchantVersion !== merchant.version) {
    merchant = await ctx.merchants.atVersion(merchantId, spent.merchantVersion);
    if (!merchant) throw new BankError('merchant_unknown');
    const recheck = verifySignature(ctx, request, merchant);
    if (!recheck.ok) throw refused(request, merchantId, recheck.reason);
  }
  merchants.set(request, merchant);
}

function verifySignature(ctx: BankContext, request: FastifyRequest, merchant: Merchant) {
  const header = request.headers[SIGNATURE_HEADER.toLowerCase()];
  const idempotencyKey = request.headers['idempotency-key'];
  return verifyRequestSignature({
    header: typeof header === 'string' ? header : undefined,
    method: request.method,
    path: request.url,
    idempotencyKey: typeof idempotencyKey === 'string' ? idempotencyKey : undefined,
    body: rawBodyOf(request),
    secrets: merchant.secrets,
    now: ctx.clock.now(),
    toleranceSeconds: ctx.config.signatureToleranceSeconds,
  });
}

function refused(request: FastifyRequest, merchantId: string, reason: SignatureFailure): BankError {
  request.log.warn({ merchantId, reason }, 'rejected API signature');
  return new BankError(FAILURE_CODES[reason]);
}
