import { checkTaxCode, checkVatNumber } from '../../shared/fiscal-codes.ts';

/**
 * The identifier checks a sandbox SdI runs on a received file: an Italian partita IVA (11 digits, the last a check
 * digit) and a codice fiscale (16 characters with a check character, or a company's 11 digits). Format and check
 * digit only: the real SdI also looks the codes up in the Anagrafe Tributaria, which a sandbox cannot.
 *
 * The rules are the "Dati di fatturazione" form's (src/shared/fiscal-codes.ts, which names each failure for a
 * person); here a file either passes or is discarded with the SdI's code. A file's value is taken as written: the
 * form's tidying (spaces, lower case, an `IT` prefix) would hide what the SdI refuses.
 */
export function isItalianVatNumber(value: string): boolean {
  const check = checkVatNumber(value);
  return check.ok && check.value === value;
}

/** A codice fiscale: a person's 16 characters with a valid check character, or a company's 11-digit code. */
export function isTaxCode(value: string): boolean {
  const check = checkTaxCode(value);
  return check.ok && check.value === value;
}
