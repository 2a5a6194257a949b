/**
 * The ids the REST API and the webhook events show for Cassa's rows: a prefix that says what the thing is, then the
 * row's id (`cus_12`, `ord_345`). A payment is its attempt's own public id (`pa_…`), as Pagamenti and the bank know
 * it, and an event carries its random id (`evt_…`). One place encodes and decodes them, so a prefix is never spelled
 * twice.
 */
export const PUBLIC_ID_PREFIXES = {
  customer: 'cus',
  service: 'svc',
  order: 'ord',
  card: 'card',
  refund: 're',
  invoice: 'inv',
  webhookEndpoint: 'we',
  webhookDelivery: 'wd',
} as const;

export type PublicIdKind = keyof typeof PUBLIC_ID_PREFIXES;

/** The largest id a PostgreSQL `bigint` identity hands out before JavaScript loses precision. */
const MAX_ID = Number.MAX_SAFE_INTEGER;

export function publicId(kind: PublicIdKind, id: number): string {
  return `${PUBLIC_ID_PREFIXES[kind]}_${id}`;
}

/** The row id behind a public id of that kind, or undefined when it is not one (a wrong prefix, not a number). */
export function parsePublicId(kind: PublicIdKind, value: string): number | undefined {
  const prefix = `${PUBLIC_ID_PREFIXES[kind]}_`;
  if (!value.startsWith(prefix)) return undefined;
  const digits = value.slice(prefix.length);
  if (!/^[1-9][0-9]{0,15}$/.test(digits)) return undefined;
  const id = Number(digits);
  return id <= MAX_ID ? id : undefined;
}

/**
 * A product's code as the API and events show it: upper case (`PEC`, `FATTURAZIONE_PA`), the way the provider's
 * systems name the products; the catalogue keeps its lower-case keys. Input is read in either case.
 */
export function publicProductCode(code: string): string {
  return code.toUpperCase();
}

/** The catalogue's key for a product code the API was given, in either case. */
export function catalogProductCode(code: string): string {
  return code.trim().toLowerCase();
}
