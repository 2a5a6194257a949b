import { sqlMigration } from '../migrator.ts';

/**
 * "Dati di fatturazione" (issue 15): one billing profile per customer, the FatturaPA `CessionarioCommittente` their
 * invoices are issued to — a private person (codice fiscale), a company or professional (partita IVA), or a public
 * administration (codice univoco ufficio, FPA12). The application checks the check digits
 * (src/shared/fiscal-codes.ts) and says what is wrong; the database keeps each kind's required fields and the
 * formats, so no path can store a profile an invoice could not be issued from.
 */
export const billingProfiles = sqlMigration([
  `create table customer_billing_profiles (
    customer_id bigint primary key references customers (id),
    kind text not null check (kind in ('person', 'company', 'public_administration')),
    first_name text check (length(first_name) between 1 and 60),
    last_name text check (length(last_name) between 1 and 60),
    name text check (length(name) between 1 and 80),
    tax_code text check (tax_code ~ '^([A-Z0-9]{16}|[0-9]{11})$'),
    vat_number text check (vat_number ~ '^[0-9]{11}$'),
    office_code text check (office_code ~ '^[A-Z0-9]{6}$'),
    recipient_code text check (recipient_code ~ '^[A-Z0-9]{7}$'),
    pec text check (pec ~ '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$'),
    street text not null check (length(street) between 1 and 60),
    postal_code text not null check (postal_code ~ '^[0-9A-Z -]{3,10}$'),
    city text not null check (length(city) between 1 and 60),
    province text check (province ~ '^[A-Z]{2}$'),
    country text not null default 'IT' check (country ~ '^[A-Z]{2}$'),
    updated_at timestamptz not null,
    check (kind <> 'person' or (first_name is not null and last_name is not null and tax_code is not null)),
    check (kind <> 'company' or (name is not null and vat_number is not null)),
    check (kind <> 'public_administration' or (name is not null and tax_code is not null and office_code is not null)),
    check (country <> 'IT' or postal_code ~ '^[0-9]{5}$')
  )`,
]);
