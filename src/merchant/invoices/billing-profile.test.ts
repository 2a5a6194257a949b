import { describe, expect, it } from 'vitest';
import { type BillingForm, billingFormOf, validateBillingForm } from './billing-profile.ts';

const ADDRESS = { street: 'Via Roma 1', postal_code: '00184', city: 'Roma', province: 'RM', country: 'IT' };

describe('"Dati di fatturazione" validation', () => {
  it('a person needs a name, a surname and a valid codice fiscale', () => {
    expect(
      validateBillingForm({
        kind: 'person',
        first_name: 'Mario',
        last_name: 'Rossi',
        tax_code: 'rssmra80a01h501u',
        ...ADDRESS,
      }),
    ).toEqual({
      ok: true,
      data: {
        kind: 'person',
        firstName: 'Mario',
        lastName: 'Rossi',
        taxCode: 'RSSMRA80A01H501U',
        address: { street: 'Via Roma 1', postalCode: '00184', city: 'Roma', province: 'RM', country: 'IT' },
      },
    });
    expect(
      validateBillingForm({
        kind: 'person',
        first_name: '',
        last_name: 'Rossi',
        tax_code: 'RSSMRA80A01H501A',
        ...ADDRESS,
        pec: 'nope',
      }),
    ).toEqual({
      ok: false,
      errors: { first_name: 'required', tax_code: 'tax_code_check_char', pec: 'pec_format' },
    });
  });

  it('a public administration needs its 11-digit codice fiscale and its codice univoco ufficio', () => {
    const pa = { kind: 'public_administration', name: 'Comune di Esempio', ...ADDRESS };
    expect(validateBillingForm({ ...pa, tax_code: 'RSSMRA80A01H501U', office_code: 'UFY9M' })).toEqual({
      ok: false,
      errors: { tax_code: 'tax_code_length', office_code: 'office_code_format' },
    });
    const valid = validateBillingForm({
      ...pa,
      tax_code: '00743110157',
      office_code: 'ufy9mh',
      recipient_code: 'XXXXXXX',
    });
    expect(valid).toMatchObject({ ok: true, data: { kind: 'public_administration', officeCode: 'UFY9MH' } });
    // An administration is reached by its office code: a codice destinatario is not kept.
    expect(valid.ok && 'recipientCode' in valid.data).toBe(false);
  });

  it('an Italian address needs a 5-digit CAP and a province; a foreign one neither', () => {
    const company = { kind: 'company', name: 'ACME', vat_number: '12345678903' };
    expect(validateBillingForm({ ...company, ...ADDRESS, postal_code: '1', province: '' })).toEqual({
      ok: false,
      errors: { postal_code: 'postal_code_format', province: 'required' },
    });
    expect(
      validateBillingForm({ ...company, street: 'Rue 1', postal_code: 'L-1234', city: 'Luxembourg', country: 'lu' }),
    ).toMatchObject({ ok: true, data: { address: { postalCode: 'L-1234', country: 'LU' } } });
  });

  it('an unknown kind is refused alone', () => {
    expect(validateBillingForm({ kind: 'alien' })).toEqual({ ok: false, errors: { kind: 'kind' } });
  });

  it('the saved data fill the form back, field for field', () => {
    const form = { kind: 'company', name: 'ACME', vat_number: '12345678903', recipient_code: 'ABC1234', ...ADDRESS };
    const checked = validateBillingForm(form);
    if (!checked.ok) throw new Error('expected valid');
    const back: BillingForm = billingFormOf(checked.data);
    expect(back).toMatchObject(form);
    expect(validateBillingForm(back)).toEqual(checked);
  });
});
