import type { Kysely } from 'kysely';
import type { MerchantDatabase } from '../../../db/schema.ts';
import { customerPath, orderPath } from '../lists/list-links.tsx';
import {
  type CustomerHit,
  customerByEmail,
  customerById,
  customersContaining,
  type OrderHit,
  orderById,
  orderByNumber,
  ordersByNumberPrefix,
  type PaymentHit,
  paymentByBankSession,
  paymentByPublicId,
  paymentsByBankSessionPrefix,
  paymentsByCardLast4,
  paymentsByPublicIdPrefix,
  type ServiceHit,
  servicesContaining,
} from './search-queries.ts';
import { classifySearch, type SearchRefusal } from './search-query.ts';

export interface SearchGroups {
  customers: CustomerHit[];
  orders: OrderHit[];
  services: ServiceHit[];
  payments: PaymentHit[];
}

export type SearchOutcome =
  | SearchRefusal
  /** The query names one object: its page. */
  | { kind: 'exact'; location: string }
  | { kind: 'groups'; groups: SearchGroups };

const noGroups = (): SearchGroups => ({ customers: [], orders: [], services: [], payments: [] });

/** Where a payment is read: its order's page, or its customer's for a card verification (no order). */
function paymentPage(payment: PaymentHit): string {
  return payment.order_number ? orderPath(payment.order_number) : customerPath(payment.customer_id);
}

/**
 * The back office's search (docs/backoffice.md, "Search"): an identifier that names one object answers with that
 * object's page (an order number, a customer's exact email, a payment's or a bank session's whole id, an API id);
 * anything else answers with groups of at most SEARCH_GROUP_LIMIT rows, each read through its own index.
 */
export async function searchBackoffice(db: Kysely<MerchantDatabase>, raw: string): Promise<SearchOutcome> {
  const query = classifySearch(raw);
  const groups = noGroups();
  switch (query.kind) {
    case 'too_short':
    case 'too_long':
      return query;
    case 'order_number': {
      if (query.whole) {
        const order = await orderByNumber(db, query.number).executeTakeFirst();
        return order ? { kind: 'exact', location: orderPath(order.number) } : { kind: 'groups', groups };
      }
      groups.orders = await ordersByNumberPrefix(db, query.number).execute();
      return { kind: 'groups', groups };
    }
    case 'card_last4':
      groups.payments = await paymentsByCardLast4(db, query.digits).execute();
      return { kind: 'groups', groups };
    case 'payment_id':
    case 'bank_session': {
      const byPayment = query.kind === 'payment_id';
      if (query.whole) {
        const payment = await (byPayment ? paymentByPublicId : paymentByBankSession)(db, query.id).executeTakeFirst();
        return payment ? { kind: 'exact', location: paymentPage(payment) } : { kind: 'groups', groups };
      }
      groups.payments = await (byPayment ? paymentsByPublicIdPrefix : paymentsByBankSessionPrefix)(
        db,
        query.id,
      ).execute();
      return { kind: 'groups', groups };
    }
    case 'api_id': {
      if (query.object === 'customer') {
        const customer = await customerById(db, query.id).executeTakeFirst();
        return customer ? { kind: 'exact', location: customerPath(customer.id) } : { kind: 'groups', groups };
      }
      const order = await orderById(db, query.id).executeTakeFirst();
      return order ? { kind: 'exact', location: orderPath(order.number) } : { kind: 'groups', groups };
    }
    case 'email': {
      const customer = await customerByEmail(db, query.email).executeTakeFirst();
      if (customer) return { kind: 'exact', location: customerPath(customer.id) };
      return { kind: 'groups', groups: await textGroups(db, query.text) };
    }
    case 'text':
      return { kind: 'groups', groups: await textGroups(db, query.text) };
  }
}

async function textGroups(db: Kysely<MerchantDatabase>, text: string): Promise<SearchGroups> {
  const [customers, services] = await Promise.all([
    customersContaining(db, text).execute(),
    servicesContaining(db, text).execute(),
  ]);
  return { ...noGroups(), customers, services };
}
