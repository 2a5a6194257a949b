import type { SavedCard } from '../../db/schema.ts';
import { businessDate } from '../../shared/business-time.ts';

/** "Visa •••• 4242": how a card is named to people (never more than the last four digits). */
export function cardLabel(card: { brand: string; last4: string }): string {
  const brand = BRAND_NAMES[card.brand] ?? card.brand.toUpperCase();
  return `${brand} •••• ${card.last4}`;
}

const BRAND_NAMES: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  maestro: 'Maestro',
};

/** "12/34" */
export function cardExpiry(card: Pick<SavedCard, 'exp_month' | 'exp_year'>): string {
  return `${String(card.exp_month).padStart(2, '0')}/${String(card.exp_year % 100).padStart(2, '0')}`;
}

/**
 * A card can be used through the last day of its expiry month in the business time zone: 12/2026 until midnight
 * on 31 December in Rome (the sandbox bank, an Italian one, judges the same way).
 */
export function isCardExpired(card: Pick<SavedCard, 'exp_month' | 'exp_year'>, now: Date, timeZone: string): boolean {
  const [year, month] = businessDate(now, timeZone).split('-').map(Number) as [number, number];
  return card.exp_year < year || (card.exp_year === year && card.exp_month < month);
}

/** The customer as the bank knows them: saved cards are scoped to this reference. */
export function bankCustomerReference(customerId: number): string {
  return `customer-${customerId}`;
}
