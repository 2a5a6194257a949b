/**
 * The identifier checks a sandbox SdI runs on a received file: an Italian partita IVA (11 digits, the last a check
 * digit) and a codice fiscale (16 characters with a check character, or a company's 11 digits). Format and check
 * digit only: the real SdI also looks the codes up in the Anagrafe Tributaria, which a sandbox cannot.
 *
 * The same algorithms are the ones the "Dati di fatturazione" form applies (src/shared/fiscal-codes.ts, which names
 * each failure for a person); here a file either passes or is discarded with the SdI's code.
 */

/** An Italian partita IVA: 11 digits whose last is the Luhn-like check digit of the first ten. */
export function isItalianVatNumber(value: string): boolean {
  if (!/^\d{11}$/u.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let digit = Number(value[i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10 === Number(value[10]);
}

// A person's codice fiscale; the digits of the date and place may be replaced by LMNPQRSTUV (omocodia).
const PERSON_TAX_CODE = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/u;
// The value of a character in an odd position (1st, 3rd, …), digits as the letter of the same rank (0 as A).
const ODD_VALUES = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

/** A codice fiscale: a person's 16 characters with a valid check character, or a company's 11-digit code. */
export function isTaxCode(value: string): boolean {
  if (/^\d{11}$/u.test(value)) return isItalianVatNumber(value);
  if (!PERSON_TAX_CODE.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const char = value.charCodeAt(i);
    const rank = char <= 57 ? char - 48 : char - 65;
    sum += i % 2 === 0 ? (ODD_VALUES[rank] ?? 0) : rank;
  }
  return String.fromCharCode(65 + (sum % 26)) === value[15];
}
