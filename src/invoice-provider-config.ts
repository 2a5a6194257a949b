import type { ProviderFiscalData } from './merchant/invoices/invoice-document.ts';
import {
  checkPostalCode,
  checkProvince,
  checkTaxCode,
  checkVatNumber,
  fiscalCodeMessage,
} from './shared/fiscal-codes.ts';

type Env = Record<string, string | undefined>;

/**
 * The fictitious provider every document is issued by outside production (and in a public demo): its partita IVA
 * has a correct check digit, so the documents pass every check a real one would.
 */
export const DEMO_INVOICE_PROVIDER: ProviderFiscalData = {
  name: 'Cassa Servizi Digitali S.r.l.',
  vatNumber: '02154821009',
  taxCode: '02154821009',
  taxRegime: 'RF01',
  address: { street: 'Via del Corso 101', postalCode: '00186', city: 'Roma', province: 'RM', country: 'IT' },
  rea: { office: 'RM', number: '1234567', shareCapitalCents: 1_000_000, shareholders: 'SU', liquidation: 'LN' },
  iban: 'IT60X0542811101000000123456',
  email: 'fatture@cassa.local',
};

/** The variables production cannot do without (production-posture.ts): a document names who issued it. */
export const REQUIRED_INVOICE_PROVIDER_VARIABLES = [
  'INVOICE_PROVIDER_NAME',
  'INVOICE_PROVIDER_VAT_NUMBER',
  'INVOICE_PROVIDER_ADDRESS',
  'INVOICE_PROVIDER_POSTAL_CODE',
  'INVOICE_PROVIDER_CITY',
] as const;

/**
 * The provider's fiscal data (FatturaPA `CedentePrestatore`) from `INVOICE_PROVIDER_*` (README, docs/invoices.md),
 * each checked with the message of src/shared/fiscal-codes.ts and the variable named. A variable left unset takes the
 * demo provider's value; production refuses that for the required ones (production-posture.ts).
 */
export function loadInvoiceProvider(env: Env, problems: string[]): ProviderFiscalData {
  const demo = DEMO_INVOICE_PROVIDER;
  // Optional fields come from the demo provider only when the provider is the demo one: never mixed into a real one.
  const isDemo = !env.INVOICE_PROVIDER_NAME?.trim();
  const text = (name: string, fallback: string | undefined, max: number): string | undefined => {
    const value = env[name]?.trim();
    if (value === undefined || value === '') return fallback;
    if (value.length > max || /[\r\n<>]/.test(value)) {
      problems.push(`${name} must be at most ${max} characters, on one line, without < or >`);
      return fallback;
    }
    return value;
  };
  const checked = (
    name: string,
    fallback: string,
    check: (v: string) => { ok: true; value: string } | { ok: false; error: Parameters<typeof fiscalCodeMessage>[0] },
  ): string => {
    const value = env[name]?.trim();
    if (value === undefined || value === '') return fallback;
    const result = check(value);
    if (result.ok) return result.value;
    problems.push(`${name}: ${fiscalCodeMessage(result.error, 'en')} (got "${value}")`);
    return fallback;
  };
  const vatNumber = checked('INVOICE_PROVIDER_VAT_NUMBER', demo.vatNumber, checkVatNumber);
  const country = text('INVOICE_PROVIDER_COUNTRY', 'IT', 2)?.toUpperCase() ?? 'IT';
  if (!/^[A-Z]{2}$/.test(country)) problems.push(`INVOICE_PROVIDER_COUNTRY must be an ISO 3166 code such as IT`);
  const province = checked('INVOICE_PROVIDER_PROVINCE', isDemo ? (demo.address.province ?? '') : '', checkProvince);
  const taxRegime = text('INVOICE_PROVIDER_TAX_REGIME', 'RF01', 4)?.toUpperCase() ?? 'RF01';
  if (!/^RF(0[1-9]|1[0-9])$/.test(taxRegime)) {
    problems.push(`INVOICE_PROVIDER_TAX_REGIME must be a regime fiscale code RF01…RF19 (got "${taxRegime}")`);
  }
  const provider: ProviderFiscalData = {
    name: text('INVOICE_PROVIDER_NAME', demo.name, 80) as string,
    vatNumber,
    // A company's codice fiscale is most often its partita IVA.
    taxCode: checked('INVOICE_PROVIDER_TAX_CODE', vatNumber, checkTaxCode),
    taxRegime,
    address: {
      street: text('INVOICE_PROVIDER_ADDRESS', demo.address.street, 60) as string,
      postalCode: checked('INVOICE_PROVIDER_POSTAL_CODE', demo.address.postalCode, checkPostalCode),
      city: text('INVOICE_PROVIDER_CITY', demo.address.city, 60) as string,
      ...(country === 'IT' && province !== '' ? { province } : {}),
      country,
    },
  };
  const rea = loadRea(env, problems, isDemo ? demo.rea : undefined);
  if (rea) provider.rea = rea;
  const iban = text('INVOICE_PROVIDER_IBAN', isDemo ? demo.iban : undefined, 34)
    ?.replace(/\s+/g, '')
    .toUpperCase();
  if (iban !== undefined) {
    if (ibanIsValid(iban)) provider.iban = iban;
    else problems.push('INVOICE_PROVIDER_IBAN is not a valid IBAN (its check digits do not match)');
  }
  const email = text('INVOICE_PROVIDER_EMAIL', isDemo ? demo.email : undefined, 120);
  if (email !== undefined) provider.email = email;
  const phone = text('INVOICE_PROVIDER_PHONE', undefined, 30);
  if (phone !== undefined) provider.phone = phone;
  return provider;
}

/** REA only when its office and number are given (or the demo provider's). */
function loadRea(env: Env, problems: string[], fallback: ProviderFiscalData['rea']): ProviderFiscalData['rea'] {
  const office = env.INVOICE_PROVIDER_REA_OFFICE?.trim().toUpperCase();
  const number = env.INVOICE_PROVIDER_REA_NUMBER?.trim();
  if (!office && !number) return fallback;
  if (!office || !/^[A-Z]{2}$/.test(office) || !number || !/^[A-Z0-9]{1,20}$/i.test(number)) {
    problems.push(
      'INVOICE_PROVIDER_REA_OFFICE (2 letters, e.g. RM) and INVOICE_PROVIDER_REA_NUMBER (up to 20 letters or digits) go together',
    );
    return undefined;
  }
  const rea: NonNullable<ProviderFiscalData['rea']> = { office, number, liquidation: 'LN' };
  const capital = env.INVOICE_PROVIDER_REA_SHARE_CAPITAL?.trim();
  if (capital) {
    if (/^\d+(\.\d{2})?$/.test(capital)) rea.shareCapitalCents = Math.round(Number(capital) * 100);
    else problems.push(`INVOICE_PROVIDER_REA_SHARE_CAPITAL must be euros such as 10000.00 (got "${capital}")`);
  }
  const shareholders = env.INVOICE_PROVIDER_REA_SHAREHOLDERS?.trim().toUpperCase();
  if (shareholders === 'SU' || shareholders === 'SM') rea.shareholders = shareholders;
  else if (shareholders) problems.push('INVOICE_PROVIDER_REA_SHAREHOLDERS must be SU (sole shareholder) or SM');
  const liquidation = env.INVOICE_PROVIDER_REA_LIQUIDATION?.trim().toUpperCase();
  if (liquidation === 'LS') rea.liquidation = 'LS';
  else if (liquidation && liquidation !== 'LN') {
    problems.push('INVOICE_PROVIDER_REA_LIQUIDATION must be LN (not in liquidation) or LS');
  }
  return rea;
}

/** ISO 13616: the country and check digits moved to the end, letters as 10…35, the number mod 97 is 1. */
export function ibanIsValid(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  return remainder === 1;
}
