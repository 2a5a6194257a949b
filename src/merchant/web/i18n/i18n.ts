import type { Locale } from '../../../db/schema.ts';
import { formatMoney } from '../../../shared/money.ts';
import { en } from './messages-en.ts';
import { it, type MessageKey } from './messages-it.ts';

export type { MessageKey };

export const LOCALES = ['it', 'en'] as const satisfies readonly Locale[];
export const DEFAULT_LOCALE: Locale = 'it';

const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { it, en };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The reader's preferred language among ours from an `Accept-Language` header (`en-GB,en;q=0.9,it;q=0.8`): the
 * highest q-value wins, the first listed on a tie; `q=0` means "not this one"; a wildcard or a language we do not
 * speak is skipped. Undefined when nothing matches (the caller falls back to Italian).
 */
export function localeFromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  let best: { locale: Locale; q: number } | undefined;
  for (const part of header.split(',').slice(0, 32)) {
    const [range = '', ...params] = part.trim().split(';');
    const primary = range.trim().toLowerCase().split('-')[0];
    if (!isLocale(primary)) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.toLowerCase().startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q) || q <= 0 || q > 1) continue;
    if (!best || q > best.q) best = { locale: primary, q };
  }
  return best?.locale;
}

/** Everything a view needs to speak the reader's language. */
export interface I18n {
  locale: Locale;
  /** The message for `key`, with `{param}` placeholders filled in. */
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** A 'YYYY-MM-DD' calendar date: 28/11/2026 in Italian, 28 Nov 2026 in English. */
  date(day: string): string;
  /** An instant, as its business date (the configured time zone: Italy's, where the provider and its invoices are). */
  dateOf(instant: Date): string;
  /** An instant to the second in the same zone (a timeline, the audit log): 02/12/2026, 15:35:07. */
  dateTimeOf(instant: Date): string;
  money(cents: number): string;
}

const cache = new Map<string, I18n>();

/** The reader's language, with instants shown as dates in `timeZone` (config.businessTimeZone). */
export function i18nFor(locale: Locale, timeZone: string): I18n {
  const key = `${locale} ${timeZone}`;
  let i18n = cache.get(key);
  if (!i18n) {
    i18n = createI18n(locale, timeZone);
    cache.set(key, i18n);
  }
  return i18n;
}

function createI18n(locale: Locale, timeZone: string): I18n {
  const dictionary = DICTIONARIES[locale];
  const tag = locale === 'it' ? 'it-IT' : 'en-GB';
  const style =
    locale === 'it'
      ? ({ day: '2-digit', month: '2-digit', year: 'numeric' } as const)
      : ({ day: 'numeric', month: 'short', year: 'numeric' } as const);
  // A 'YYYY-MM-DD' day is a calendar date, not an instant: formatted from its UTC midnight, so no zone can move it.
  const calendarDate = new Intl.DateTimeFormat(tag, { ...style, timeZone: 'UTC' });
  const localDate = new Intl.DateTimeFormat(tag, { ...style, timeZone });
  const localDateTime = new Intl.DateTimeFormat(tag, {
    ...style,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZone,
  });
  return {
    locale,
    t(key, params) {
      const message = dictionary[key];
      if (!params) return message;
      return message.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
    },
    date: (day) => calendarDate.format(new Date(`${day}T00:00:00Z`)),
    dateOf: (instant) => localDate.format(instant),
    dateTimeOf: (instant) => localDateTime.format(instant),
    money: (cents) => formatMoney(cents, locale),
  };
}
