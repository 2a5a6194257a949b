import type { Product } from '../../db/schema.ts';

/**
 * The six products of SPEC §4, yearly prices in cents before VAT (22%). Firma Digitale and Marca Temporale are sold
 * one period at a time: the provider does not renew them automatically.
 */
export const DEMO_PRODUCTS: readonly Product[] = [
  {
    code: 'pec',
    name_it: 'PEC - Posta Elettronica Certificata',
    name_en: 'PEC - Certified Email',
    yearly_price_cents: 2_900,
    vat_rate_bp: 2200,
    vat_nature: null,
    auto_renew_available: true,
  },
  {
    code: 'spid',
    name_it: 'SPID - Identità Digitale',
    name_en: 'SPID - Digital Identity',
    yearly_price_cents: 2_490,
    vat_rate_bp: 2200,
    vat_nature: null,
    auto_renew_available: true,
  },
  {
    code: 'conservazione',
    name_it: 'Conservazione Digitale',
    name_en: 'Digital Preservation',
    yearly_price_cents: 9_000,
    vat_rate_bp: 2200,
    vat_nature: null,
    auto_renew_available: true,
  },
  {
    code: 'fatturazione_pa',
    name_it: 'Fatturazione Elettronica PA',
    name_en: 'E-invoicing to Public Administration',
    yearly_price_cents: 3_500,
    vat_rate_bp: 2200,
    vat_nature: null,
    auto_renew_available: true,
  },
  {
    code: 'firma_digitale',
    name_it: 'Firma Digitale',
    name_en: 'Digital Signature',
    yearly_price_cents: 4_490,
    vat_rate_bp: 2200,
    vat_nature: null,
    auto_renew_available: false,
  },
  {
    code: 'marca_temporale',
    name_it: 'Marca Temporale',
    name_en: 'Time Stamp',
    yearly_price_cents: 1_800,
    vat_rate_bp: 2200,
    vat_nature: null,
    auto_renew_available: false,
  },
];
