import type { FastifyRequest } from 'fastify';
import { SIGNATURE_HEADER, type SignatureFailure, verifyRequestSignature } from '../../shared/signing.ts';
import type { BankContext } from '../bank-deps.ts';
import { BankError, type BankErrorCode } from '../bank-errors.ts';
import { findMerchant, type Merchant } from '../merchants/merchant-repository.ts';
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
 */
export async function authenticateMerchant(ctx: BankContext, request: FastifyRequest): Promise<void> {
  const merchantId = request.headers[MERCHANT_HEADER.toLowerCase()];
  if (typeof merchantId !== 'string' || !/^[a-z0-9_-]{1,40}$/.test(merchantId)) throw new BankError('merchant_unknown');
  const merchant = await findMerchant(ctx.db, merchantId);
  if (!merchant) throw new BankError('merchant_unknown');
  const header = request.headers[SIGNATURE_HEADER.toLowerCase()];
  const idempotencyKey = request.headers['idempotency-key'];
  const check = verifyRequestSignature({
    header: typeof header === 'string' ? header : undefined,
    method: request.method,
    path: request.url,
    idempotencyKey: typeof idempotencyKey === 'string' ? idempotencyKey : undefined,
    body: rawBodyOf(request),
    secrets: merchant.secrets,
    now: ctx.clock.now(),
    toleranceSeconds: ctx.config.signatureToleranceSeconds,
  });
  if (!check.ok) {
    request.log.warn({ merchantId, reason: check.reason }, 'rejected API signature');
    throw new BankError(FAILURE_CODES[check.reason]);
  }
  // Kept until the timestamp leaves the tolerance: after that the signature is refused as stale anyway.
  const expiresAt = new Date((check.timestamp + ctx.config.signatureToleranceSeconds) * 1000);
  if (!(await recordNonce(ctx.db, { merchantId: merchant.id, nonce: check.nonce, expiresAt }))) {
    request.log.warn({ merchantId }, 'rejected a replayed API signature');
    throw new BankError('signature_replayed');
  }
  merchants.set(request, merchant);
}
