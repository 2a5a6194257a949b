import type { Kysely } from 'kysely';
import type { MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import type { PaymentGateway } from '../gateway/payment-gateway.ts';
import type { ProviderFiscalData } from '../invoices/invoice-document.ts';

/** The minimal logger the payment use cases write to (pino and Fastify's logger both fit). */
export interface PaymentLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** What every payment use case needs, passed explicitly from the composition root. */
export interface PaymentDeps {
  db: Kysely<MerchantDatabase>;
  gateway: PaymentGateway;
  clock: Clock;
  logger: PaymentLogger;
  /** Pagamenti's public URL: the bank sends the customer back, and its notifications, there. */
  payUrl: string;
  /** Days before expiry that automatic renewal charges (config.renewals.leadDays): the date the customer is told. */
  renewalLeadDays: number;
  /** config.businessTimeZone: the business day a payment falls on (activation, expiry, card expiry). */
  timeZone: string;
  /** config.invoices.provider: who issues the invoice of a payment and the credit note of a refund. */
  fiscalProvider: ProviderFiscalData;
}

/** The idempotency keys of an attempt's calls to the bank: the same attempt always asks the same question. */
export const bankKeys = {
  session: (publicId: string) => `${publicId}:session`,
  capture: (publicId: string) => `${publicId}:capture`,
  void: (publicId: string) => `${publicId}:void`,
  cancel: (publicId: string) => `${publicId}:cancel`,
  refund: (publicId: string) => `${publicId}:refund`,
};

/** The payment deps every app builds the same way from its configuration (the API, the back office, the workers). */
export function paymentDepsFrom(
  config: {
    publicUrls: { pay: string };
    renewals: { leadDays: number };
    businessTimeZone: string;
    invoices: { provider: ProviderFiscalData };
  },
  parts: { db: Kysely<MerchantDatabase>; gateway: PaymentGateway; clock: Clock; logger: PaymentLogger },
): PaymentDeps {
  return {
    ...parts,
    payUrl: config.publicUrls.pay,
    renewalLeadDays: config.renewals.leadDays,
    timeZone: config.businessTimeZone,
    fiscalProvider: config.invoices.provider,
  };
}
