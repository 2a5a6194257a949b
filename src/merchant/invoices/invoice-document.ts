/**
 * An issued fiscal document (a fattura, TD01, or a nota di credito, TD04) as every rendering reads it: the FatturaPA
 * XML sent to the SdI, the PDF courtesy copy, the pages. It is built once, when the document is issued, from the
 * order, its lines and the fiscal data as they were then, and stored with the document — so a later change of the
 * customer's address or of the provider's configuration never changes a document already issued.
 *
 * Money is integer cents; VAT rates are basis points (2200 = 22 %), as everywhere in Cassa.
 */
export type FiscalDocumentKind = 'invoice' | 'credit_note';

/** Where a party is established (FatturaPA `Sede`). */
export interface FiscalAddress {
  /** Street and number as one line ("Via Roma 1"), FatturaPA `Indirizzo`. */
  street: string;
  /** Five digits for Italy. */
  postalCode: string;
  city: string;
  /** Two-letter province code ("RM"), Italy only. */
  province?: string;
  /** ISO 3166-1 alpha-2 ("IT"). */
  country: string;
}

/** The provider issuing the documents (FatturaPA `CedentePrestatore`), from the configuration. */
export interface ProviderFiscalData {
  /** Denominazione. */
  name: string;
  /** Partita IVA: 11 digits, without the "IT" prefix. */
  vatNumber: string;
  /** Codice fiscale of the company (for a company often the same 11 digits). */
  taxCode: string;
  /** Regime fiscale, e.g. "RF01" (ordinario). */
  taxRegime: string;
  address: FiscalAddress;
  /** Iscrizione REA, when the provider is registered. */
  rea?: {
    /** Province of the registry office ("RM"). */
    office: string;
    number: string;
    shareCapitalCents?: number;
    /** "SU" sole shareholder, "SM" more than one. */
    shareholders?: 'SU' | 'SM';
    /** "LN" not in liquidation, "LS" in liquidation. */
    liquidation: 'LN' | 'LS';
  };
  /** Shown on the PDF; optional. */
  iban?: string;
  email?: string;
  phone?: string;
}

/**
 * The customer billed (FatturaPA `CessionarioCommittente`), as entered in "Dati di fatturazione":
 * a private person (codice fiscale), a company or professional (partita IVA), or a public administration (its
 * 6-character codice univoco ufficio; FPA12).
 */
export type CustomerFiscalData =
  | {
      kind: 'person';
      firstName: string;
      lastName: string;
      /** 16 characters, check character verified. */
      taxCode: string;
      address: FiscalAddress;
      /** Codice destinatario, 7 characters; "0000000" when absent. */
      recipientCode?: string;
      pec?: string;
    }
  | {
      kind: 'company';
      name: string;
      /** 11 digits, check digit verified, without "IT". */
      vatNumber: string;
      taxCode?: string;
      address: FiscalAddress;
      recipientCode?: string;
      pec?: string;
    }
  | {
      kind: 'public_administration';
      name: string;
      /** The administration's codice fiscale (11 digits). */
      taxCode: string;
      vatNumber?: string;
      /** Codice univoco ufficio (IPA), 6 characters. */
      officeCode: string;
      address: FiscalAddress;
    };

export interface FiscalDocumentLine {
  /** 1, 2, … (FatturaPA `NumeroLinea`). */
  number: number;
  description: string;
  quantity: number;
  unitPriceCents: number;
  /** Discount off the line's gross (quantity × unit price), 0 when none. */
  discountCents: number;
  /** The line's taxable amount: quantity × unit price − discount (FatturaPA `PrezzoTotale`). */
  netCents: number;
  vatRateBp: number;
  /** Natura (N1…N7 codes, e.g. "N2.2") when the rate is 0. */
  vatNature?: string;
}

/** One row of the VAT summary (FatturaPA `DatiRiepilogo`): per rate (and nature). */
export interface VatSummaryRow {
  vatRateBp: number;
  vatNature?: string;
  taxableCents: number;
  vatCents: number;
  /** "I" immediate, "S" split payment (public administration). */
  vatChargeability: 'I' | 'D' | 'S';
}

export interface FiscalDocument {
  kind: FiscalDocumentKind;
  /** "2026/A/000123" (invoice series A) or "2026/NC/000007" (credit notes): gapless per year and series. */
  number: string;
  /** The date of issue in Europe/Rome, YYYY-MM-DD (for an invoice: the day the payment was received). */
  issueDate: string;
  /** FatturaPA `ProgressivoInvio` (≤ 10 alphanumeric characters), also in the file name. */
  transmissionId: string;
  /** "FPR12" to private parties, "FPA12" to a public administration. */
  transmissionFormat: 'FPR12' | 'FPA12';
  currency: 'EUR';
  provider: ProviderFiscalData;
  customer: CustomerFiscalData;
  lines: FiscalDocumentLine[];
  vatSummary: VatSummaryRow[];
  netCents: number;
  vatCents: number;
  /** ImportoTotaleDocumento: net + VAT. */
  totalCents: number;
  /** The Cassa order the document is for (in the XML's `Causale` and on the PDF). */
  orderNumber: string;
  payment: {
    /** "MP08" carta di pagamento. */
    method: 'MP08';
    /** "TP02" pagamento completo. */
    terms: 'TP02';
    amountCents: number;
    /** YYYY-MM-DD in Europe/Rome. */
    paidOn: string;
    /** "Visa •••• 4242", for the PDF. */
    cardLabel?: string;
  };
  /** For a credit note: the invoice it corrects (FatturaPA `DatiFattureCollegate`). */
  relatedInvoice?: { number: string; issueDate: string };
  /** The language of the courtesy copy: the customer's locale. */
  locale: 'it' | 'en';
}
