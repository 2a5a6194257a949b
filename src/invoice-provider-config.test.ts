import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';
import { DEMO_INVOICE_PROVIDER, ibanIsValid } from './invoice-provider-config.ts';
import { checkTaxCode, checkVatNumber } from './shared/fiscal-codes.ts';
import { PRODUCTION_ENV } from './testing/production-env.ts';

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
    return '';
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
}

describe("the provider's fiscal data (INVOICE_PROVIDER_*)", () => {
  it('is the fictitious demo provider by default, and that one passes the checks', () => {
    const provider = loadConfig({}).invoices.provider;
    expect(provider).toEqual(DEMO_INVOICE_PROVIDER);
    expect(provider.name).toBe('Cassa Servizi Digitali S.r.l.');
    expect(checkVatNumber(provider.vatNumber).ok).toBe(true);
    expect(checkTaxCode(provider.taxCode).ok).toBe(true);
    expect(provider.taxRegime).toBe('RF01');
    expect(ibanIsValid(provider.iban ?? '')).toBe(true);
  });

  it('reads a real provider from the environment, normalized, without the demo’s optional data', () => {
    const provider = loadConfig({
      INVOICE_PROVIDER_NAME: 'Esempio Servizi S.p.A.',
      INVOICE_PROVIDER_VAT_NUMBER: 'IT 12345678903',
      INVOICE_PROVIDER_TAX_REGIME: 'rf19',
      INVOICE_PROVIDER_ADDRESS: 'Corso Buenos Aires 5',
      INVOICE_PROVIDER_POSTAL_CODE: '20124',
      INVOICE_PROVIDER_CITY: 'Milano',
      INVOICE_PROVIDER_PROVINCE: 'mi',
      INVOICE_PROVIDER_REA_OFFICE: 'MI',
      INVOICE_PROVIDER_REA_NUMBER: '1987654',
      INVOICE_PROVIDER_REA_SHARE_CAPITAL: '50000.00',
      INVOICE_PROVIDER_REA_SHAREHOLDERS: 'SM',
    }).invoices.provider;
    expect(provider).toEqual({
      name: 'Esempio Servizi S.p.A.',
      vatNumber: '12345678903',
      taxCode: '12345678903',
      taxRegime: 'RF19',
      address: { street: 'Corso Buenos Aires 5', postalCode: '20124', city: 'Milano', province: 'MI', country: 'IT' },
      rea: { office: 'MI', number: '1987654', shareCapitalCents: 5_000_000, shareholders: 'SM', liquidation: 'LN' },
    });
  });

  it('refuses wrong values with the check’s message and the variable named', () => {
    const message = refusal({
      INVOICE_PROVIDER_VAT_NUMBER: '12345678904',
      INVOICE_PROVIDER_TAX_CODE: 'RSSMRA80A01H501A',
      INVOICE_PROVIDER_POSTAL_CODE: '2012',
      INVOICE_PROVIDER_TAX_REGIME: 'RF99',
      INVOICE_PROVIDER_IBAN: 'IT60X0542811101000000123457',
      INVOICE_PROVIDER_REA_NUMBER: '1987654',
    });
    expect(message).toContain('INVOICE_PROVIDER_VAT_NUMBER: The check digit of the VAT number');
    expect(message).toContain('INVOICE_PROVIDER_TAX_CODE: The check character of the tax code');
    expect(message).toContain('INVOICE_PROVIDER_POSTAL_CODE: The postal code (CAP) has 5 digits');
    expect(message).toContain('INVOICE_PROVIDER_TAX_REGIME must be a regime fiscale code');
    expect(message).toContain('INVOICE_PROVIDER_IBAN is not a valid IBAN');
    expect(message).toContain('INVOICE_PROVIDER_REA_OFFICE');
  });

  it('is required in production, unless the process is a public demo', () => {
    const { INVOICE_PROVIDER_NAME: _name, INVOICE_PROVIDER_VAT_NUMBER: _vat, ...withoutFiscal } = PRODUCTION_ENV;
    expect(refusal(withoutFiscal)).toContain(
      "NODE_ENV=production needs the provider's fiscal data for its invoices (INVOICE_PROVIDER_NAME, INVOICE_PROVIDER_VAT_NUMBER)",
    );
    expect(refusal(PRODUCTION_ENV)).toBe('');
    expect(
      refusal({
        ...withoutFiscal,
        CASSA_SANDBOX: '1',
        CASSA_SANDBOX_BANK: '1',
        BANK_VAULT_KEY: Buffer.alloc(32, 7).toString('base64'),
      }),
    ).toBe('');
  });
});
