import type { FastifyRequest } from 'fastify';
import { requestPayload, SIGNATURE_HEADER, type SignatureFailure, verifySignature } from '../../shared/signing.ts';
import type { BankContext } from '../bank-deps.ts';
import { BankError, type BankErrorCode } from '../bank-errors.ts';
import { findMerchant, type Merchant } from '../merchants/merchant-repository.ts';

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

/** Verifies Cassa-Merchant and Cassa-Signature; throws a 401 BankError otherwise. */
export async function authenticateMerchant(ctx: BankContext, request: FastifyRequest): Promise<void> {
  const merchantId = request.headers[MERCHANT_HEADER.toLowerCase()];
  if (typeof merchantId !== 'string' || !/^[a-z0-9_-]{1,40}$/.test(merchantId)) throw new BankError('merchant_unknown');
  const merchant = await findMerchant(ctx.db, merchantId);
  if (!merchant) throw new BankError('merchant_unknown');
  const header = request.headers[SIGNATURE_HEADER.toLowerCase()];
  const check = verifySignature({
    header: typeof header === 'string' ? header : undefined,
    payload: requestPayload({ method: request.method, path: request.url, body: rawBodyOf(request) }),
    secrets: merchant.secrets,
    now: ctx.clock.now(),
    toleranceSeconds: ctx.config.signatureToleranceSeconds,
  });
  if (!check.ok) {
    request.log.warn({ merchantId, reason: check.reason }, 'rejected API signature');
    throw new BankError(FAILURE_CODES[check.reason]);
  }
  merchants.set(request, merchant);
}
