import { describe, expect, it } from 'vitest';
import {
  checkOfficeCode,
  checkPostalCode,
  checkProvince,
  checkRecipientCode,
  checkTaxCode,
  checkVatNumber,
  FISCAL_CODE_MESSAGES,
  fiscalCodeMessage,
} from './fiscal-codes.ts';

describe('partita IVA', () => {
  it('accepts real-format numbers with a correct check digit, normalized', () => {
    expect(checkVatNumber('00743110157')).toEqual({ ok: true, value: '00743110157' });
    expect(checkVatNumber('12345678903')).toEqual({ ok: true, value: '12345678903' });
    expect(checkVatNumber(' it 0215 4821 009 ')).toEqual({ ok: true, value: '02154821009' });
  });

  it('names what is wrong', () => {
    expect(checkVatNumber('')).toEqual({ ok: false, error: 'vat_number_required' });
    expect(checkVatNumber('0074311015A')).toEqual({ ok: false, error: 'vat_number_digits' });
    expect(checkVatNumber('0074311015')).toEqual({ ok: false, error: 'vat_number_length' });
    expect(checkVatNumber('007431101577')).toEqual({ ok: false, error: 'vat_number_length' });
    expect(checkVatNumber('00743110158')).toEqual({ ok: false, error: 'vat_number_check_digit' });
    // Two digits swapped: the doubling of even places catches it.
    expect(checkVatNumber('00743110517')).toEqual({ ok: false, error: 'vat_number_check_digit' });
  });

  it('says it in Italian and in English', () => {
    expect(fiscalCodeMessage('vat_number_length', 'it')).toBe('La partita IVA deve avere 11 cifre');
    expect(fiscalCodeMessage('vat_number_length', 'en')).toBe('The VAT number (partita IVA) must have 11 digits');
  });
});

describe('codice fiscale', () => {
  it('accepts a person’s code with the right check character', () => {
    expect(checkTaxCode('RSSMRA80A01H501U')).toEqual({ ok: true, value: 'RSSMRA80A01H501U' });
    expect(checkTaxCode('rssmra85t10a562s')).toEqual({ ok: true, value: 'RSSMRA85T10A562S' });
    // A woman's: day of birth plus 40.
    expect(checkTaxCode('BNCGLI90C55F205Z')).toEqual({ ok: true, value: 'BNCGLI90C55F205Z' });
  });

  it('accepts omocodia letters in place of digits', () => {
    expect(checkTaxCode('RSSMRA80A01H50MM')).toEqual({ ok: true, value: 'RSSMRA80A01H50MM' });
  });

  it('accepts the 11 digits of a company or public body, checked as a partita IVA', () => {
    expect(checkTaxCode('00743110157')).toEqual({ ok: true, value: '00743110157' });
    expect(checkTaxCode('00743110158')).toEqual({ ok: false, error: 'tax_code_check_char' });
  });

  it('names what is wrong', () => {
    expect(checkTaxCode(' ')).toEqual({ ok: false, error: 'tax_code_required' });
    expect(checkTaxCode('RSSMRA80A01H501')).toEqual({ ok: false, error: 'tax_code_length' });
    expect(checkTaxCode('RSSMRA80Z01H501U')).toEqual({ ok: false, error: 'tax_code_pattern' }); // no month Z
    expect(checkTaxCode('RSSMRA80A01H5O1U')).toEqual({ ok: false, error: 'tax_code_pattern' }); // O is no omocodia
    expect(checkTaxCode('RSSMRA80A35H501U')).toEqual({ ok: false, error: 'tax_code_date' });
    expect(checkTaxCode('RSSMRA80A01H501A')).toEqual({ ok: false, error: 'tax_code_check_char' });
    expect(fiscalCodeMessage('tax_code_check_char', 'it')).toBe(
      'Il carattere di controllo del codice fiscale non è corretto',
    );
  });
});

describe('the other codes', () => {
  it('codice destinatario: 7 letters or digits', () => {
    expect(checkRecipientCode('m5uxcr1')).toEqual({ ok: true, value: 'M5UXCR1' });
    expect(checkRecipientCode('0000000')).toEqual({ ok: true, value: '0000000' });
    expect(checkRecipientCode('M5UXCR')).toEqual({ ok: false, error: 'recipient_code_format' });
    expect(checkRecipientCode('M5UX-R1')).toEqual({ ok: false, error: 'recipient_code_format' });
  });

  it('codice univoco ufficio: 6 letters or digits', () => {
    expect(checkOfficeCode('UFY9MH')).toEqual({ ok: true, value: 'UFY9MH' });
    expect(checkOfficeCode('UFY9MH1')).toEqual({ ok: false, error: 'office_code_format' });
  });

  it('CAP and province', () => {
    expect(checkPostalCode('00184')).toEqual({ ok: true, value: '00184' });
    expect(checkPostalCode('0184')).toEqual({ ok: false, error: 'postal_code_format' });
    expect(checkProvince('rm')).toEqual({ ok: true, value: 'RM' });
    expect(checkProvince('Roma')).toEqual({ ok: false, error: 'province_format' });
  });

  it('has a message in both languages for every failure', () => {
    for (const texts of Object.values(FISCAL_CODE_MESSAGES)) {
      expect(texts.it.length).toBeGreaterThan(10);
      expect(texts.en.length).toBeGreaterThan(10);
    }
  });
});
