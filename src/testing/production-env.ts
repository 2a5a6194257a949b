/**
 * Test support: the smallest environment production accepts (production-posture.ts) — a real database, a real mail
 * server, a real acquirer (no sandbox bank), no sandbox SdI, https everywhere. A test adds or overrides what it is about.
 */
export const PRODUCTION_ENV = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://u@h/db',
  BANK_MERCHANT_SECRET: 'a-long-merchant-secret',
  SMTP_URL: 'smtp://mail.example.com:587',
  CASSA_SANDBOX_BANK: '0',
  CASSA_SANDBOX_SDI: '0',
  PUBLIC_AREA_URL: 'https://area.example.com',
  PUBLIC_PAY_URL: 'https://pay.example.com',
  PUBLIC_BANK_URL: 'https://bank.example.com',
  PUBLIC_API_URL: 'https://api.example.com',
  PUBLIC_BACKOFFICE_URL: 'https://backoffice.example.com',
  INVOICE_PROVIDER_NAME: 'Esempio Servizi S.p.A.',
  INVOICE_PROVIDER_VAT_NUMBER: '12345678903',
  INVOICE_PROVIDER_ADDRESS: 'Via Esempio 1',
  INVOICE_PROVIDER_POSTAL_CODE: '20121',
  INVOICE_PROVIDER_CITY: 'Milano',
} as const;
