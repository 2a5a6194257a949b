import { ORDER_NUMBER } from '../../orders/order-number.ts';
import { parsePublicId } from '../../public/public-ids.ts';

/** What a search box query looks like, and so which index answers it (migrations/2026-12-03-070-search.ts). */
export type SearchQuery =
  /** `ORD-2026-000123` whole (`whole`), or its beginning (`ORD-2026-0001`); upper case. */
  | { kind: 'order_number'; number: string; whole: boolean }
  /** Four digits: a card's last four, as payment attempts keep them. */
  | { kind: 'card_last4'; digits: string }
  /** A payment attempt's public id (`pa_…`, `cv_…`), whole or its beginning; lower case. */
  | { kind: 'payment_id'; id: string; whole: boolean }
  /** The Banca Sandbox's payment session id (`ps_…`), whole or its beginning; lower case. */
  | { kind: 'bank_session'; id: string; whole: boolean }
  /** The API's and the webhooks' id of a customer or an order (`cus_12`, `ord_345`). */
  | { kind: 'api_id'; object: 'customer' | 'order'; id: number }
  /** Has an `@`: a customer's exact email identifies them; otherwise it is read as text (a PEC service's label). */
  | { kind: 'email'; email: string; text: string }
  /** Anything else: part of a customer's name or email, or of a service's label (folded by `search_fold`). */
  | { kind: 'text'; text: string };

export type SearchRefusal = { kind: 'too_short' } | { kind: 'too_long' };

export const SEARCH_MIN_LENGTH = 2;
export const SEARCH_MAX_LENGTH = 200;

const ORDER_NUMBER_PREFIX = /^ORD-\d{4}(-\d{0,12})?$/i;
const CARD_LAST4 = /^\d{4}$/;
// Four hex digits after the prefix at least: fewer would match a sixteenth of every attempt.
const PAYMENT_ID = /^(pa|cv)_([0-9a-f]{4,32})$/i;
const BANK_SESSION_ID = /^ps_([0-9a-f]{4,32})$/i;
const ID_HEX_LENGTH = 32;

/**
 * Reads a query the way an operator means it: an identifier's shape (order number, card last four, a payment's,
 * a bank session's or the API's id) is looked up as that identifier only, so "4242" never matches a name; anything
 * else is free text. Length is counted in characters after trimming.
 */
export function classifySearch(raw: string): SearchQuery | SearchRefusal {
  const query = raw.trim();
  const length = [...query].length;
  if (length < SEARCH_MIN_LENGTH) return { kind: 'too_short' };
  if (length > SEARCH_MAX_LENGTH) return { kind: 'too_long' };

  const upper = query.toUpperCase();
  if (ORDER_NUMBER.test(upper)) return { kind: 'order_number', number: upper, whole: true };
  if (ORDER_NUMBER_PREFIX.test(upper)) return { kind: 'order_number', number: upper, whole: false };
  if (CARD_LAST4.test(query)) return { kind: 'card_last4', digits: query };

  const lower = query.toLowerCase();
  const payment = PAYMENT_ID.exec(lower);
  if (payment) return { kind: 'payment_id', id: lower, whole: payment[2]?.length === ID_HEX_LENGTH };
  const session = BANK_SESSION_ID.exec(lower);
  if (session) return { kind: 'bank_session', id: lower, whole: session[1]?.length === ID_HEX_LENGTH };
  const customerId = parsePublicId('customer', lower);
  if (customerId !== undefined) return { kind: 'api_id', object: 'customer', id: customerId };
  const orderId = parsePublicId('order', lower);
  if (orderId !== undefined) return { kind: 'api_id', object: 'order', id: orderId };

  if (query.includes('@') && !/\s/.test(query)) return { kind: 'email', email: lower, text: query };
  return { kind: 'text', text: query };
}
