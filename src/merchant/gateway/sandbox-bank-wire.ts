import { z } from 'zod';
import {
  type ChargeResult,
  type DeclineReason,
  type GatewayAuthentication,
  type GatewayCard,
  GatewayError,
  type GatewaySession,
  type GatewaySessionStatus,
  isDeclineReason,
} from './payment-gateway.ts';

/**
 * The Banca Sandbox's wire format, as its API documents it (docs/bank.md), and its translation into the port's types:
 * the zod schemas every answer is validated with (they read the fields the adapter uses; the bank may send more) and
 * every bank status and decline code mapped in one place.
 */

const BANK_SESSION_STATUSES = [
  'created',
  'awaiting_card',
  'authenticating',
  'authorized',
  'captured',
  'voided',
  'declined',
  'failed',
  'expired',
  'cancelled',
] as const;
type BankSessionStatus = (typeof BANK_SESSION_STATUSES)[number];

const declineType = z.enum(['hard', 'soft']).nullable();
const timestamp = z.iso.datetime({ offset: true });

export const bankCardSchema = z.object({
  token: z.string().min(1),
  brand: z.string(),
  last4: z.string(),
  exp_month: z.number().int(),
  exp_year: z.number().int(),
  holder: z.string(),
});

/** The fields of a payment session this adapter reads; the bank may send more. */
export const bankSessionSchema = z.object({
  id: z.string().min(1),
  status: z.enum(BANK_SESSION_STATUSES),
  merchant_reference: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  redirect_url: z.string(),
  decline_code: z.string().nullable(),
  decline_type: declineType,
  authorization_code: z.string().nullable(),
  amount_captured: z.number().int(),
  amount_refunded: z.number().int(),
  authorization_expires_at: timestamp.nullable(),
  payment_method: z.object({ brand: z.string(), last4: z.string() }).nullable(),
  card: bankCardSchema.nullable(),
  /** Absent from banks older than the field: their cancellations were all the merchant's. */
  cancel_reason: z.enum(['merchant', 'customer']).nullish(),
  /** Absent from banks older than the field. */
  three_ds: z
    .object({
      method: z.enum(['frictionless', 'sms', 'app']),
      trans_status: z.enum(['Y', 'A', 'N', 'R', 'U']).nullable(),
      eci: z.string().nullable(),
    })
    .nullish(),
});
type BankSession = z.infer<typeof bankSessionSchema>;

export const bankChargeSchema = z.object({
  id: z.string().min(1),
  status: z.enum(['approved', 'declined']),
  merchant_reference: z.string(),
  amount: z.number().int(),
  amount_refunded: z.number().int(),
  decline_code: z.string().nullable(),
  decline_type: declineType,
  authorization_code: z.string().nullable(),
});

export const listOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item) });
export const bankRefundSchema = z.object({ id: z.string().min(1), amount: z.number().int() });
export const deletedCardSchema = z.object({ deleted: z.literal(true) });
export const notificationSchema = z.object({
  id: z.string().min(1),
  type: z.string(),
  payment_session: bankSessionSchema,
});
export const errorSchema = z.object({ error: z.object({ code: z.string() }) });

/** Every bank status in one place (the schema has already refused one this adapter does not know). */
const STATUSES: Record<BankSessionStatus, GatewaySessionStatus> = {
  created: 'pending',
  awaiting_card: 'pending',
  authenticating: 'authenticating',
  authorized: 'authorized',
  captured: 'captured',
  voided: 'voided',
  declined: 'declined',
  failed: 'failed',
  expired: 'expired',
  cancelled: 'cancelled',
};

/** Maps a bank status and decline code; an unknown status is a bug in the contract, not an outcome to guess at. */
export function mapBankStatus(
  status: string,
  declineCode: string | null,
): { status: GatewaySessionStatus; declineReason: DeclineReason | null } {
  const parsed = z.enum(BANK_SESSION_STATUSES).safeParse(status);
  if (!parsed.success) {
    throw new GatewayError('retry_later', 'malformed_answer', `the bank answered an unknown status "${status}"`);
  }
  const mapped = STATUSES[parsed.data];
  const declined = mapped === 'declined' || mapped === 'failed';
  return { status: mapped, declineReason: declined ? declineReasonOf(declineCode) : null };
}

function declineReasonOf(code: string | null): DeclineReason {
  return isDeclineReason(code) ? code : 'unknown';
}

export function toCard(card: z.infer<typeof bankCardSchema>): GatewayCard {
  return {
    token: card.token,
    brand: card.brand,
    last4: card.last4,
    expMonth: card.exp_month,
    expYear: card.exp_year,
    holder: card.holder,
  };
}

const TRANS_STATUSES = {
  Y: 'authenticated',
  A: 'attempted',
  N: 'not_authenticated',
  R: 'rejected',
  U: 'unavailable',
} as const satisfies Record<string, NonNullable<GatewayAuthentication['outcome']>>;

function toAuthentication(threeDs: BankSession['three_ds']): GatewayAuthentication | null {
  if (!threeDs) return null;
  return {
    method: threeDs.method,
    outcome: threeDs.trans_status ? TRANS_STATUSES[threeDs.trans_status] : null,
    eci: threeDs.eci,
  };
}

export function toSession(body: BankSession): GatewaySession {
  const mapped = mapBankStatus(body.status, body.decline_code);
  return {
    id: body.id,
    reference: body.merchant_reference,
    status: mapped.status,
    amountCents: body.amount,
    currency: body.currency,
    redirectUrl: body.redirect_url,
    declineReason: mapped.declineReason,
    declineKind: body.decline_type,
    authorizationCode: body.authorization_code,
    paymentMethod: body.payment_method ? { brand: body.payment_method.brand, last4: body.payment_method.last4 } : null,
    savedCard: body.card ? toCard(body.card) : null,
    amountCapturedCents: body.amount_captured,
    amountRefundedCents: body.amount_refunded,
    authorizationExpiresAt: body.authorization_expires_at ? new Date(body.authorization_expires_at) : null,
    cancelledBy: mapped.status === 'cancelled' ? (body.cancel_reason ?? 'merchant') : null,
    authentication: toAuthentication(body.three_ds),
  };
}

export function toCharge(body: z.infer<typeof bankChargeSchema>): ChargeResult {
  return {
    id: body.id,
    reference: body.merchant_reference,
    status: body.status,
    amountCents: body.amount,
    amountRefundedCents: body.amount_refunded,
    declineReason: body.status === 'declined' ? declineReasonOf(body.decline_code) : null,
    declineKind: body.decline_type,
    authorizationCode: body.authorization_code,
  };
}
