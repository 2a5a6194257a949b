/**
 * The Italian fiscal identifiers a fattura elettronica carries, checked the way the Agenzia delle Entrate computes
 * them, each failure named precisely (a code, and its text in Italian and English) so that a form can say what is
 * wrong with the one field. Inputs are normalized first (spaces removed, letters upper-cased); a valid result carries
 * the normalized value, which is the one to store.
 */

export type FiscalCodeError =
  | 'vat_number_required'
  | 'vat_number_digits'
  | 'vat_number_length'
  | 'vat_number_check_digit'
  | 'tax_code_required'
  | 'tax_code_length'
  | 'tax_code_pattern'
  | 'tax_code_date'
  | 'tax_code_check_char'
  | 'recipient_code_format'
  | 'office_code_format'
  | 'postal_code_format'
  | 'province_format';

export type FiscalCheck = { ok: true; value: string } | { ok: false; error: FiscalCodeError };

/** What each failure tells the person who typed the value. */
export const FISCAL_CODE_MESSAGES: Record<FiscalCodeError, { it: string; en: string }> = {
  vat_number_required: { it: 'Indica la partita IVA', en: 'Enter the VAT number (partita IVA)' },
  vat_number_digits: {
    it: 'La partita IVA contiene solo cifre',
    en: 'The VAT number (partita IVA) contains digits only',
  },
  vat_number_length: {
    it: 'La partita IVA deve avere 11 cifre',
    en: 'The VAT number (partita IVA) must have 11 digits',
  },
  vat_number_check_digit: {
    it: "La cifra di controllo della partita IVA non è corretta: controlla d'averla scritta bene",
    en: 'The check digit of the VAT number (partita IVA) is wrong: check that it is typed correctly',
  },
  tax_code_required: { it: 'Indica il codice fiscale', en: 'Enter the tax code (codice fiscale)' },
  tax_code_length: {
    it: 'Il codice fiscale deve avere 16 caratteri (11 cifre per società ed enti)',
    en: 'The tax code (codice fiscale) must have 16 characters (11 digits for companies and public bodies)',
  },
  tax_code_pattern: {
    it: 'Il codice fiscale non ha la forma giusta: 6 lettere, 2 cifre, 1 lettera, 2 cifre, 1 lettera, 3 cifre, 1 lettera',
    en: 'The tax code (codice fiscale) is not in the right form: 6 letters, 2 digits, 1 letter, 2 digits, 1 letter, 3 digits, 1 letter',
  },
  tax_code_date: {
    it: 'Il giorno di nascita nel codice fiscale non è valido',
    en: 'The day of birth in the tax code (codice fiscale) is not valid',
  },
  tax_code_check_char: {
    it: 'Il carattere di controllo del codice fiscale non è corretto',
    en: 'The check character of the tax code (codice fiscale) is wrong',
  },
  recipient_code_format: {
    it: 'Il codice destinatario ha 7 caratteri, lettere e cifre',
    en: 'The recipient code (codice destinatario) has 7 characters, letters and digits',
  },
  office_code_format: {
    it: "Il codice univoco ufficio ha 6 caratteri, lettere e cifre (lo trovi sull'IPA)",
    en: 'The office code (codice univoco ufficio) has 6 characters, letters and digits (see the IPA register)',
  },
  postal_code_format: { it: 'Il CAP ha 5 cifre', en: 'The postal code (CAP) has 5 digits' },
  province_format: {
    it: 'La provincia è la sigla di 2 lettere (ad esempio RM)',
    en: 'The province is its 2-letter code (for example RM)',
  },
};

function normalize(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

/**
 * Partita IVA: 11 digits whose last is a check digit: the digits in odd places summed as they are, those in even
 * places doubled (less 9 when over 9), and the check digit brings the sum to a multiple of 10. An "IT" prefix is
 * accepted and dropped (FatturaPA carries the country apart).
 */
export function checkVatNumber(input: string): FiscalCheck {
  let value = normalize(input);
  if (value.startsWith('IT')) value = value.slice(2);
  if (value === '') return { ok: false, error: 'vat_number_required' };
  if (!/^\d+$/.test(value)) return { ok: false, error: 'vat_number_digits' };
  if (value.length !== 11) return { ok: false, error: 'vat_number_length' };
  if (vatNumberCheckDigit(value.slice(0, 10)) !== Number(value[10])) {
    return { ok: false, error: 'vat_number_check_digit' };
  }
  return { ok: true, value };
}

/** The check digit of a partita IVA's first ten digits. */
export function vatNumberCheckDigit(first10: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const digit = Number(first10[i]);
    if (i % 2 === 0) sum += digit;
    else sum += digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
  }
  return (10 - (sum % 10)) % 10;
}

/** Omocodia: when two people would share a code, digits are replaced by these letters, 0 → L … 9 → V. */
const OMOCODIA = 'LMNPQRSTUV';
const MONTHS = 'ABCDEHLMPRST';
/** A digit or its omocodia letter. */
const D = `[0-9${OMOCODIA}]`;
const PERSON_TAX_CODE = new RegExp(`^[A-Z]{6}${D}{2}[${MONTHS}]${D}{2}[A-Z]${D}{3}[A-Z]$`);

/** The values of the characters in odd places (1st, 3rd, … 15th) for the check character; digits as A, B, … */
const ODD_VALUES = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

function charIndex(c: string): number {
  return c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 65;
}

/** The check character (16th) of a person's codice fiscale from its first 15 characters. */
export function taxCodeCheckChar(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const index = charIndex(first15[i] as string);
    sum += i % 2 === 0 ? (ODD_VALUES[index] as number) : index;
  }
  return String.fromCharCode(65 + (sum % 26));
}

function fromOmocodia(c: string): string {
  const at = OMOCODIA.indexOf(c);
  return at === -1 ? c : String(at);
}

/**
 * Codice fiscale: a person's 16 characters (surname, name, year, month letter, day — plus 40 for women —, place,
 * check character; digits may be omocodia letters), or a company's or public body's 11 digits, which are checked as
 * a partita IVA.
 */
export function checkTaxCode(input: string): FiscalCheck {
  const value = normalize(input);
  if (value === '') return { ok: false, error: 'tax_code_required' };
  if (/^\d+$/.test(value) && value.length === 11) {
    const asVat = checkVatNumber(value);
    return asVat.ok ? asVat : { ok: false, error: 'tax_code_check_char' };
  }
  if (value.length !== 16) return { ok: false, error: 'tax_code_length' };
  if (!PERSON_TAX_CODE.test(value)) return { ok: false, error: 'tax_code_pattern' };
  const day = Number(fromOmocodia(value[9] as string) + fromOmocodia(value[10] as string));
  if (!((day >= 1 && day <= 31) || (day >= 41 && day <= 71))) return { ok: false, error: 'tax_code_date' };
  if (taxCodeCheckChar(value.slice(0, 15)) !== value[15]) return { ok: false, error: 'tax_code_check_char' };
  return { ok: true, value };
}

/** Codice destinatario (SdI): 7 letters or digits; "0000000" for a consumer or when the invoice goes by PEC. */
export function checkRecipientCode(input: string): FiscalCheck {
  const value = normalize(input);
  return /^[A-Z0-9]{7}$/.test(value) ? { ok: true, value } : { ok: false, error: 'recipient_code_format' };
}

/** Codice univoco ufficio of a public administration (IPA): 6 letters or digits. */
export function checkOfficeCode(input: string): FiscalCheck {
  const value = normalize(input);
  return /^[A-Z0-9]{6}$/.test(value) ? { ok: true, value } : { ok: false, error: 'office_code_format' };
}

/** CAP: 5 digits in Italy. */
export function checkPostalCode(input: string): FiscalCheck {
  const value = normalize(input);
  return /^\d{5}$/.test(value) ? { ok: true, value } : { ok: false, error: 'postal_code_format' };
}

/** Provincia: its 2-letter sigla. */
export function checkProvince(input: string): FiscalCheck {
  const value = normalize(input);
  return /^[A-Z]{2}$/.test(value) ? { ok: true, value } : { ok: false, error: 'province_format' };
}

/** The message of a failure in the customer's language. */
export function fiscalCodeMessage(error: FiscalCodeError, locale: 'it' | 'en'): string {
  return FISCAL_CODE_MESSAGES[error][locale];
}
