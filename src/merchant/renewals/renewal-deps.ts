import type { Kysely } from 'kysely';
import type { Config, RenewalConfig } from '../../config.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import type { PaymentGateway } from '../gateway/payment-gateway.ts';
import type { ProviderFiscalData } from '../invoices/invoice-document.ts';
import type { PaymentLogger } from '../payments/payment-deps.ts';

/**
 * The renewal settings, with the time zone their days are counted in (config.businessTimeZone) and who issues the
 * invoice of a renewal charge (config.invoices.provider).
 */
export interface RenewalSettings extends RenewalConfig {
  timeZone: string;
  fiscalProvider: ProviderFiscalData;
}

export function renewalSettings(config: Pick<Config, 'renewals' | 'businessTimeZone' | 'invoices'>): RenewalSettings {
  return { ...config.renewals, timeZone: config.businessTimeZone, fiscalProvider: config.invoices.provider };
}

/** What the renewal engine needs, passed from the composition root (or built by the CLI with a fixed `--now`). */
export interface RenewalDeps {
  db: Kysely<MerchantDatabase>;
  gateway: PaymentGateway;
  clock: Clock;
  settings: RenewalSettings;
  logger: PaymentLogger;
}

/** The renewal engine's deps as the server, the operator commands and the back office build them. */
export function renewalDepsFrom(
  config: Pick<Config, 'renewals' | 'businessTimeZone' | 'invoices'>,
  parts: Omit<RenewalDeps, 'settings'>,
): RenewalDeps {
  return { ...parts, settings: renewalSettings(config) };
}

/** The queue renewal charges run on; its payload names the renewal and the try. */
export const RENEWAL_CHARGE_QUEUE = 'renewal.charge';

export interface RenewalChargeJob {
  renewalId: number;
  attemptNo: number;
}

export function renewalChargeJobKey(job: RenewalChargeJob): string {
  return `${RENEWAL_CHARGE_QUEUE}:${job.renewalId}:${job.attemptNo}`;
}
