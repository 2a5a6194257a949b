import type { BillingKind } from '../../db/schema.ts';
import {
  checkOfficeCode,
  checkPostalCode,
  checkProvince,
  checkRecipientCode,
  checkTaxCode,
  checkVatNumber,
  type FiscalCheck,
  type FiscalCodeError,
} from '../../shared/fiscal-codes.ts';
import type { CustomerFiscalData, FiscalAddress } from './invoice-document.ts';

/** The fields of the "Dati di fatturazione" form, as posted (the API takes the same names). */
export const BILLING_FIELDS = [
  'kind',
  'first_name',
  'last_name',
  'name',
  'tax_code',
  'vat_number',
  'office_code',
  'recipient_code',
  'pec',
  'street',
  'postal_code',
  'city',
  'province',
  'country',
] as const;

export type BillingField = (typeof BILLING_FIELDS)[number];
export type BillingForm = Record<BillingField, string>;
export const BILLING_KINDS = ['person', 'company', 'public_administration'] as const satisfies readonly BillingKind[];

/** What can be wrong with one field: a fiscal code's failure, or one of these. */
export type BillingFieldError = FiscalCodeError | 'required' | 'too_long' | 'pec_format' | 'kind' | 'country_format';

export type BillingValidation =
  | { ok: true; data: CustomerFiscalData }
  | { ok: false; errors: Partial<Record<BillingField, BillingFieldError>> };

const MAX_LENGTH: Partial<Record<BillingField, number>> = {
  first_name: 60,
  last_name: 60,
  name: 80,
  street: 60,
  city: 60,
  pec: 120,
};

/**
 * The form's values as the customer's fiscal data, each field checked by its own rule, or every field's error at
 * once (so the page can mark them all). Which fields count depends on the kind: a person's codice fiscale, a
 * company's partita IVA, an administration's codice fiscale and codice univoco ufficio. Codes are stored as
 * normalized by their checks (upper case, no spaces).
 */
export function validateBillingForm(form: Partial<BillingForm>): BillingValidation {
  const errors: Partial<Record<BillingField, BillingFieldError>> = {};
  const raw = (field: BillingField): string => (form[field] ?? '').trim();
  const text = (field: BillingField): string => {
    const value = raw(field).replace(/\s+/g, ' ');
    if (value === '') errors[field] = 'required';
    else if (value.length > (MAX_LENGTH[field] ?? 200) || /[<>]/.test(value)) errors[field] = 'too_long';
    return value;
  };
  const code = (field: BillingField, check: (v: string) => FiscalCheck, optional = false): string | undefined => {
    const value = raw(field);
    if (value === '') {
      if (!optional) errors[field] = 'required';
      return undefined;
    }
    const result = check(value);
    if (result.ok) return result.value;
    errors[field] = result.error;
    return undefined;
  };

  const kind = raw('kind') as BillingKind;
  if (!(BILLING_KINDS as readonly string[]).includes(kind)) return { ok: false, errors: { kind: 'kind' } };
  const address = addressOf(raw, text, code, errors);
  const pec = raw('pec').toLowerCase();
  if (pec !== '' && !/^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/.test(pec)) errors.pec = 'pec_format';
  const recipientCode = kind === 'public_administration' ? undefined : code('recipient_code', checkRecipientCode, true);
  const contact = { ...(recipientCode ? { recipientCode } : {}), ...(pec ? { pec } : {}) };

  let data: CustomerFiscalData;
  if (kind === 'person') {
    const firstName = text('first_name');
    const lastName = text('last_name');
    const taxCode = code('tax_code', checkTaxCode) ?? '';
    data = { kind, firstName, lastName, taxCode, address, ...contact };
  } else if (kind === 'company') {
    const name = text('name');
    const vatNumber = code('vat_number', checkVatNumber) ?? '';
    const taxCode = code('tax_code', checkTaxCode, true);
    data = { kind, name, vatNumber, ...(taxCode ? { taxCode } : {}), address, ...contact };
  } else {
    const name = text('name');
    const taxCode = code('tax_code', checkTaxCode);
    // An administration's codice fiscale is its 11 digits.
    if (taxCode !== undefined && taxCode.length !== 11) errors.tax_code = 'tax_code_length';
    const vatNumber = code('vat_number', checkVatNumber, true);
    const officeCode = code('office_code', checkOfficeCode) ?? '';
    data = { kind, name, taxCode: taxCode ?? '', ...(vatNumber ? { vatNumber } : {}), officeCode, address };
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, data };
}

function addressOf(
  raw: (field: BillingField) => string,
  text: (field: BillingField) => string,
  code: (field: BillingField, check: (v: string) => FiscalCheck, optional?: boolean) => string | undefined,
  errors: Partial<Record<BillingField, BillingFieldError>>,
): FiscalAddress {
  const country = (raw('country') || 'IT').toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) errors.country = 'country_format';
  const street = text('street');
  const city = text('city');
  if (country !== 'IT') {
    const postalCode = text('postal_code');
    return { street, postalCode, city, country };
  }
  const postalCode = code('postal_code', checkPostalCode) ?? '';
  const province = code('province', checkProvince) ?? '';
  return { street, postalCode, city, province, country };
}

/** The form's values for fiscal data already saved (the page shows them back). */
export function billingFormOf(data: CustomerFiscalData | undefined): BillingForm {
  const empty = Object.fromEntries(BILLING_FIELDS.map((f) => [f, ''])) as BillingForm;
  if (!data) return { ...empty, kind: 'person', country: 'IT' };
  const address = {
    street: data.address.street,
    postal_code: data.address.postalCode,
    city: data.address.city,
    province: data.address.province ?? '',
    country: data.address.country,
  };
  if (data.kind === 'person') {
    return {
      ...empty,
      ...address,
      kind: data.kind,
      first_name: data.firstName,
      last_name: data.lastName,
      tax_code: data.taxCode,
      recipient_code: data.recipientCode ?? '',
      pec: data.pec ?? '',
    };
  }
  if (data.kind === 'company') {
    return {
      ...empty,
      ...address,
      kind: data.kind,
      name: data.name,
      vat_number: data.vatNumber,
      tax_code: data.taxCode ?? '',
      recipient_code: data.recipientCode ?? '',
      pec: data.pec ?? '',
    };
  }
  return {
    ...empty,
    ...address,
    kind: data.kind,
    name: data.name,
    tax_code: data.taxCode,
    vat_number: data.vatNumber ?? '',
    office_code: data.officeCode,
  };
}
