import type { Locale } from '../../db/schema.ts';
import { formatMoney } from '../../shared/money.ts';
import { labelNamesProduct } from '../catalog/service-name.ts';
import type { EmailCard } from './email-messages.ts';
import { emailTextsEn } from './email-texts-en.ts';
import { type EmailTextKey, emailTextsIt } from './email-texts-it.ts';

export const EMAIL_DICTIONARIES: Record<Locale, Record<EmailTextKey, string>> = { it: emailTextsIt, en: emailTextsEn };

export class MissingEmailTextError extends Error {
  override name = 'MissingEmailTextError';
}

/** What a template needs to speak the customer's language. */
export interface EmailI18n {
  locale: Locale;
  /** The text for `key` with its `{placeholders}` filled; a missing text or value throws (never a blank email). */
  t(key: EmailTextKey, params?: Record<string, string | number>): string;
  money(cents: number, currency: string): string;
  /** A 'YYYY-MM-DD' calendar date: 28/11/2026, or 28 November 2026. */
  date(day: string): string;
  /** An instant, in the business time zone (Italy's by default, where the provider is). */
  dateTime(iso: string): string;
  card(card: EmailCard): string;
  /**
   * "PEC mario.rossi@pec.example.it": the product and the customer's own name for the service; the label alone when
   * it already names the product ("SPID - Mario Rossi", never "SPID SPID - Mario Rossi": catalog/service-name.ts).
   */
  service(productCode: string, label: string): string;
}

export function emailI18n(locale: Locale, timeZone: string): EmailI18n {
  const dictionary = EMAIL_DICTIONARIES[locale];
  const tag = locale === 'it' ? 'it-IT' : 'en-GB';
  const style =
    locale === 'it'
      ? ({ day: '2-digit', month: '2-digit', year: 'numeric' } as const)
      : ({ day: 'numeric', month: 'long', year: 'numeric' } as const);
  // A 'YYYY-MM-DD' day is a calendar date, not an instant: formatted from its UTC midnight, so no zone can move it.
  const calendar = new Intl.DateTimeFormat(tag, { ...style, timeZone: 'UTC' });
  const instant = new Intl.DateTimeFormat(tag, {
    ...style,
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  });
  const t: EmailI18n['t'] = (key, params = {}) => {
    const text = dictionary[key];
    if (text === undefined || text === '') throw new MissingEmailTextError(`no ${locale} text for "${key}"`);
    return text.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = params[name];
      if (value === undefined) throw new MissingEmailTextError(`"${key}" (${locale}) needs a value for {${name}}`);
      return String(value);
    });
  };
  return {
    locale,
    t,
    money: (cents, currency) => formatMoney(cents, locale, currency as 'EUR'),
    date: (day) => calendar.format(new Date(`${day}T00:00:00Z`)),
    dateTime: (iso) => instant.format(new Date(iso)),
    card: (card) => t('common.card', { brand: brandName(card.brand), last4: card.last4 }),
    service: (productCode, label) => {
      const key = `product.${productCode}` as EmailTextKey;
      const product = key in dictionary ? t(key) : productCode.toUpperCase();
      return labelNamesProduct(product, label) ? label : t('common.service', { product, label });
    },
  };
}

const BRANDS: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  maestro: 'Maestro',
  diners: 'Diners Club',
  discover: 'Discover',
  jcb: 'JCB',
};

/** The bank's brand code ("mastercard") as people write it ("Mastercard"). */
export function brandName(brand: string): string {
  return BRANDS[brand.toLowerCase()] ?? brand;
}
