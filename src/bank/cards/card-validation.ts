import { businessDate } from '../../shared/business-time.ts';
import type { CardBrand } from '../db/schema.ts';
import { withoutControlCharacters } from '../validation.ts';
import { CardNumber } from './card-number.ts';

/** Why a field of the card form was refused; each code has a precise message in i18n/messages.ts. */
export type CardFieldError =
  | 'holder_required'
  | 'holder_too_long'
  | 'number_required'
  | 'number_not_digits'
  | 'number_length'
  | 'number_luhn'
  | 'number_brand'
  | 'expiry_required'
  | 'expiry_format'
  | 'expiry_month'
  | 'expiry_past'
  | 'cvv_required'
  | 'cvv_length';

export interface CardFormInput {
  holder: string;
  number: string;
  expiry: string;
  cvv: string;
}

export interface ValidCard {
  holder: string;
  number: CardNumber;
  brand: CardBrand;
  expMonth: number;
  expYear: number;
}

export type CardValidation =
  | { ok: true; card: ValidCard }
  | { ok: false; errors: Partial<Record<keyof CardFormInput, CardFieldError>> };

/** Luhn (mod 10) check over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

interface BrandRule {
  brand: CardBrand;
  matches: (n: CardNumber) => boolean;
  lengths: readonly number[];
  cvvLength: number;
}

const MAESTRO_PREFIXES = ['5018', '5020', '5038', '5893', '6304', '6759', '6761', '6762', '6763'];

// Order matters: Maestro's 50xx prefixes are tested before anything broader could claim them.
const BRANDS: readonly BrandRule[] = [
  { brand: 'amex', matches: (n) => n.startsWith('34') || n.startsWith('37'), lengths: [15], cvvLength: 4 },
  {
    brand: 'maestro',
    matches: (n) => MAESTRO_PREFIXES.some((p) => n.startsWith(p)),
    lengths: [12, 13, 14, 15, 16, 17, 18, 19],
    cvvLength: 3,
  },
  {
    brand: 'mastercard',
    matches: (n) => {
      const two = n.prefixNumber(2);
      const four = n.prefixNumber(4);
      return (two >= 51 && two <= 55) || (four >= 2221 && four <= 2720);
    },
    lengths: [16],
    cvvLength: 3,
  },
  { brand: 'visa', matches: (n) => n.startsWith('4'), lengths: [13, 16, 19], cvvLength: 3 },
];

export function detectBrand(number: CardNumber): CardBrand | undefined {
  return BRANDS.find((rule) => rule.matches(number))?.brand;
}

export function cvvLengthFor(brand: CardBrand): number {
  return brand === 'amex' ? 4 : 3;
}

/**
 * Validates the card form on the server, field by field, so the page can say exactly what is wrong.
 * `now` decides expiry: a card is valid through the last day of its expiry month in the bank's `timeZone`.
 */
export function validateCardForm(input: CardFormInput, now: Date, timeZone: string): CardValidation {
  const errors: Partial<Record<keyof CardFormInput, CardFieldError>> = {};

  const holder = withoutControlCharacters(input.holder).trim().replace(/\s+/g, ' ');
  if (!holder) errors.holder = 'holder_required';
  else if (holder.length > 100) errors.holder = 'holder_too_long';

  let number: CardNumber | undefined;
  let brand: CardBrand | undefined;
  if (!input.number.trim()) errors.number = 'number_required';
  else {
    number = CardNumber.parse(input.number);
    if (!number) errors.number = 'number_not_digits';
    else {
      brand = detectBrand(number);
      const rule = BRANDS.find((r) => r.brand === brand);
      if (number.length < 12 || number.length > 19) errors.number = 'number_length';
      else if (!luhnValid(number.reveal())) errors.number = 'number_luhn';
      else if (!rule) errors.number = 'number_brand';
      else if (!rule.lengths.includes(number.length)) errors.number = 'number_length';
    }
  }

  const expiry = parseExpiry(input.expiry, now, timeZone);
  if ('error' in expiry) errors.expiry = expiry.error;

  const cvv = input.cvv.trim();
  // Without a recognised brand only the shape can be judged; the number's own error says the rest.
  const cvvLength = brand ? cvvLengthFor(brand) : undefined;
  if (!cvv) errors.cvv = 'cvv_required';
  else if (!/^\d{3,4}$/.test(cvv) || (cvvLength !== undefined && cvv.length !== cvvLength)) errors.cvv = 'cvv_length';

  if (Object.keys(errors).length > 0 || !number || !brand || 'error' in expiry) return { ok: false, errors };
  return { ok: true, card: { holder, number, brand, expMonth: expiry.month, expYear: expiry.year } };
}

/** "MM/AA" (also "MM/AAAA", "MMAA", spaces allowed around the slash). */
export function parseExpiry(
  text: string,
  now: Date,
  timeZone: string,
): { month: number; year: number } | { error: 'expiry_required' | 'expiry_format' | 'expiry_month' | 'expiry_past' } {
  const value = text.trim();
  if (!value) return { error: 'expiry_required' };
  const match = /^(\d{1,2})\s*\/?\s*(\d{2}|\d{4})$/.exec(value);
  if (!match) return { error: 'expiry_format' };
  const month = Number(match[1]);
  const yearText = match[2]!;
  const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
  if (month < 1 || month > 12) return { error: 'expiry_month' };
  if (isExpired(month, year, now, timeZone)) return { error: 'expiry_past' };
  return { month, year };
}

/** A card expires after the last day of its expiry month, in the bank's time zone (BankConfig.timeZone). */
export function isExpired(month: number, year: number, now: Date, timeZone: string): boolean {
  const [currentYear, currentMonth] = businessDate(now, timeZone).split('-').map(Number) as [number, number];
  return year < currentYear || (year === currentYear && month < currentMonth);
}
