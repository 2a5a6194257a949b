import type { CustomerFiscalData, FiscalDocument, ProviderFiscalData } from '../invoice-document.ts';

/**
 * Fiscal documents for the renderings' tests: one per kind of customer and document the renderings must handle.
 * Amounts are consistent (lines → summary → totals) the way the issuing side computes them, and the fiscal
 * identifiers have valid check digits.
 */
export const provider: ProviderFiscalData = {
  name: 'Cassa Servizi S.r.l.',
  vatNumber: '01234567897',
  taxCode: '01234567897',
  taxRegime: 'RF01',
  address: { street: 'Via Roma 1', postalCode: '00184', city: 'Roma', province: 'RM', country: 'IT' },
  rea: { office: 'RM', number: '1234567', shareCapitalCents: 1_000_000, shareholders: 'SU', liquidation: 'LN' },
  iban: 'IT60X0542811101000000123456',
  email: 'amministrazione@cassa.example',
};

/** Mario Rossi, a private person with a codice fiscale and no codice destinatario: FPR12, "0000000". */
export function personInvoice(overrides: Partial<FiscalDocument> = {}): FiscalDocument {
  return {
    kind: 'invoice',
    number: '2026/A/000123',
    issueDate: '2026-12-03',
    transmissionId: 'A26000123',
    transmissionFormat: 'FPR12',
    currency: 'EUR',
    provider,
    customer: {
      kind: 'person',
      firstName: 'Mario',
      lastName: 'Rossi',
      taxCode: 'RSSMRA85T10A562S',
      address: { street: 'Via Garibaldi 12', postalCode: '20121', city: 'Milano', province: 'MI', country: 'IT' },
    },
    lines: [
      {
        number: 1,
        description: 'Hosting Pro — dicembre 2026',
        quantity: 1,
        unitPriceCents: 4000,
        discountCents: 0,
        netCents: 4000,
        vatRateBp: 2200,
      },
    ],
    vatSummary: [{ vatRateBp: 2200, taxableCents: 4000, vatCents: 880, vatChargeability: 'I' }],
    netCents: 4000,
    vatCents: 880,
    totalCents: 4880,
    orderNumber: 'C-2026-000042',
    payment: { method: 'MP08', terms: 'TP02', amountCents: 4880, paidOn: '2026-12-03', cardLabel: 'Visa •••• 4242' },
    locale: 'it',
    ...overrides,
  };
}

/**
 * Giulia's company, with a codice destinatario: a discounted line at 22 % and a line at 4 % (three units, a discount
 * that does not divide by three), so two summary rows.
 */
export function companyInvoice(overrides: Partial<FiscalDocument> = {}): FiscalDocument {
  return {
    ...personInvoice(),
    number: '2026/A/000124',
    transmissionId: 'A26000124',
    customer: {
      kind: 'company',
      name: 'Bianchi & Figli S.n.c. di Giulia Bianchi',
      vatNumber: '12345678903',
      taxCode: '12345678903',
      address: {
        street: 'Corso Vittorio Emanuele II 5',
        postalCode: '10121',
        city: 'Torino',
        province: 'TO',
        country: 'IT',
      },
      recipientCode: 'ABC1234',
    },
    lines: [
      {
        number: 1,
        description: 'Server dedicato "Città" <annuale>',
        quantity: 1,
        unitPriceCents: 120_000,
        discountCents: 24_000,
        netCents: 96_000,
        vatRateBp: 2200,
      },
      {
        number: 2,
        description: 'Manuale tecnico stampato',
        quantity: 3,
        unitPriceCents: 1000,
        discountCents: 100,
        netCents: 2900,
        vatRateBp: 400,
      },
    ],
    vatSummary: [
      { vatRateBp: 2200, taxableCents: 96_000, vatCents: 21_120, vatChargeability: 'I' },
      { vatRateBp: 400, taxableCents: 2900, vatCents: 116, vatChargeability: 'I' },
    ],
    netCents: 98_900,
    vatCents: 21_236,
    totalCents: 120_136,
    orderNumber: 'C-2026-000043',
    payment: {
      method: 'MP08',
      terms: 'TP02',
      amountCents: 120_136,
      paidOn: '2026-12-03',
      cardLabel: 'Mastercard •••• 5100',
    },
    locale: 'en',
    ...overrides,
  };
}

/**
 * A municipality (FPA12) by its codice univoco ufficio, under split payment: the VAT is shown but paid by the
 * administration to the Treasury, so the card paid the net only.
 */
export function publicAdministrationInvoice(overrides: Partial<FiscalDocument> = {}): FiscalDocument {
  return {
    ...personInvoice(),
    number: '2026/A/000125',
    transmissionId: 'A26000125',
    transmissionFormat: 'FPA12',
    customer: {
      kind: 'public_administration',
      name: 'Comune di Esempio - Ufficio Servizi Informatici',
      taxCode: '80012345676',
      officeCode: 'UFY9MH',
      address: { street: 'Piazza del Municipio 1', postalCode: '80133', city: 'Napoli', province: 'NA', country: 'IT' },
    },
    vatSummary: [{ vatRateBp: 2200, taxableCents: 4000, vatCents: 880, vatChargeability: 'S' }],
    orderNumber: 'C-2026-000044',
    payment: { method: 'MP08', terms: 'TP02', amountCents: 4000, paidOn: '2026-12-03' },
    ...overrides,
  };
}

/** The credit note for a refund of Mario's invoice (TD04, its own series), linked to it. */
export function creditNote(overrides: Partial<FiscalDocument> = {}): FiscalDocument {
  return {
    ...personInvoice(),
    kind: 'credit_note',
    number: '2026/NC/000007',
    issueDate: '2026-12-10',
    transmissionId: 'NC26000007',
    relatedInvoice: { number: '2026/A/000123', issueDate: '2026-12-03' },
    payment: { method: 'MP08', terms: 'TP02', amountCents: 4880, paidOn: '2026-12-10', cardLabel: 'Visa •••• 4242' },
    ...overrides,
  };
}

/** A company's "Dati di fatturazione" as the form saves them (valid partita IVA, codice destinatario). */
export const COMPANY_BILLING: CustomerFiscalData = {
  kind: 'company',
  name: 'Rossi Consulenze S.r.l.',
  vatNumber: '12345678903',
  recipientCode: 'M5UXCR1',
  address: { street: 'Via Milano 2', postalCode: '20121', city: 'Milano', province: 'MI', country: 'IT' },
};

/**
 * The same company with its partita IVA's check digit wrong (…901): the form refuses it, so a test writes it straight
 * into the billing row, and the SdI discards the invoice with 00305.
 */
export const WRONG_VAT_BILLING: CustomerFiscalData = { ...COMPANY_BILLING, vatNumber: '12345678901' };
