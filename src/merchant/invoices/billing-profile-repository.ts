import type { Insertable, Kysely, Transaction } from 'kysely';
import type { BillingProfileRow, CustomerBillingProfilesTable, MerchantDatabase } from '../../db/schema.ts';
import type { CustomerFiscalData, FiscalAddress } from './invoice-document.ts';

type Db = Kysely<MerchantDatabase> | Transaction<MerchantDatabase>;

/** A customer's "Dati di fatturazione", or undefined when they have given none. */
export async function findBillingProfile(db: Db, customerId: number): Promise<CustomerFiscalData | undefined> {
  const row = await db
    .selectFrom('customer_billing_profiles')
    .selectAll()
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return row ? fiscalDataOfRow(row) : undefined;
}

/** Writes (or replaces) a customer's one billing profile; `data` has passed validateBillingForm. */
export async function saveBillingProfile(
  db: Db,
  customerId: number,
  data: CustomerFiscalData,
  at: Date,
): Promise<void> {
  const row = rowOfFiscalData(customerId, data, at);
  const { customer_id: _key, ...changes } = row;
  await db
    .insertInto('customer_billing_profiles')
    .values(row)
    .onConflict((oc) => oc.column('customer_id').doUpdateSet(changes))
    .execute();
}

function rowOfFiscalData(
  customerId: number,
  data: CustomerFiscalData,
  at: Date,
): Insertable<CustomerBillingProfilesTable> {
  const empty = {
    first_name: null,
    last_name: null,
    name: null,
    tax_code: null,
    vat_number: null,
    office_code: null,
    recipient_code: null,
    pec: null,
  };
  const address = {
    street: data.address.street,
    postal_code: data.address.postalCode,
    city: data.address.city,
    province: data.address.province ?? null,
    country: data.address.country,
  };
  const base = { customer_id: customerId, ...empty, ...address, updated_at: at };
  switch (data.kind) {
    case 'person':
      return {
        ...base,
        kind: data.kind,
        first_name: data.firstName,
        last_name: data.lastName,
        tax_code: data.taxCode,
        recipient_code: data.recipientCode ?? null,
        pec: data.pec ?? null,
      };
    case 'company':
      return {
        ...base,
        kind: data.kind,
        name: data.name,
        vat_number: data.vatNumber,
        tax_code: data.taxCode ?? null,
        recipient_code: data.recipientCode ?? null,
        pec: data.pec ?? null,
      };
    case 'public_administration':
      return {
        ...base,
        kind: data.kind,
        name: data.name,
        tax_code: data.taxCode,
        vat_number: data.vatNumber ?? null,
        office_code: data.officeCode,
      };
  }
}

/** The columns a billing profile is read from, prefixed, for a query that joins it to its customer. */
export type BillingProfileColumns = Omit<BillingProfileRow, 'customer_id' | 'updated_at'>;

/** The row's fiscal data; a row the constraints let in always maps (each kind's required columns are not null). */
export function fiscalDataOfRow(row: BillingProfileColumns): CustomerFiscalData {
  const address: FiscalAddress = {
    street: row.street,
    postalCode: row.postal_code,
    city: row.city,
    ...(row.province ? { province: row.province } : {}),
    country: row.country,
  };
  const contact = {
    ...(row.recipient_code ? { recipientCode: row.recipient_code } : {}),
    ...(row.pec ? { pec: row.pec } : {}),
  };
  switch (row.kind) {
    case 'person':
      return {
        kind: 'person',
        firstName: row.first_name ?? '',
        lastName: row.last_name ?? '',
        taxCode: row.tax_code ?? '',
        address,
        ...contact,
      };
    case 'company':
      return {
        kind: 'company',
        name: row.name ?? '',
        vatNumber: row.vat_number ?? '',
        ...(row.tax_code ? { taxCode: row.tax_code } : {}),
        address,
        ...contact,
      };
    case 'public_administration':
      return {
        kind: 'public_administration',
        name: row.name ?? '',
        taxCode: row.tax_code ?? '',
        ...(row.vat_number ? { vatNumber: row.vat_number } : {}),
        officeCode: row.office_code ?? '',
        address,
      };
  }
}
