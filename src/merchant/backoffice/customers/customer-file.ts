import type { Kysely, Selectable } from 'kysely';
import type {
  Customer,
  EmailOutboxTable,
  FiscalDocumentRow,
  MerchantDatabase,
  Order,
  SavedCard,
  WebSessionsTable,
} from '../../../db/schema.ts';
import { type AuditEntry, listAuditEntriesOf } from '../../audit/audit-repository.ts';
import { findCustomerById } from '../../customers/customer-repository.ts';
import { documentsOfCustomerQuery } from '../../invoices/fiscal-document-repository.ts';
import {
  listSubscriptionsOfCustomer,
  type SubscriptionWithProduct,
} from '../../subscriptions/subscription-repository.ts';
import { idOfPath } from '../lists/list-links.tsx';

type Db = Kysely<MerchantDatabase>;

/** The customer of a `/clienti/:id/…` path, or null (a 404) for an id that is not one. */
export async function customerOfPath(db: Db, text: string | undefined): Promise<Customer | null> {
  const id = idOfPath(text);
  return id === null ? null : ((await findCustomerById(db, id)) ?? null);
}

/** How many of a customer's latest orders and emails the page shows (the lists have the rest). */
export const CUSTOMER_PAGE_ROWS = 50;

export type CustomerEmail = Pick<
  Selectable<EmailOutboxTable>,
  'id' | 'template' | 'to_address' | 'status' | 'attempts' | 'last_error' | 'created_at' | 'sent_at'
>;

export type CustomerOrder = Pick<Order, 'number' | 'kind' | 'state' | 'total_cents' | 'created_at'> & {
  product_code: string;
  label: string;
};

/** A session as an operator may see it: which app, since when, last seen — never its id. */
export type CustomerSession = Pick<Selectable<WebSessionsTable>, 'app' | 'created_at' | 'last_seen_at'>;

/**
 * One customer as the customer page shows them (issue 12): who they are, their services with the card each renews
 * on, their latest orders, every card they saved (removed ones too), the latest emails, the sessions open now, and
 * the operators' actions about them. The password hash never leaves the loader.
 */
export interface CustomerFile {
  customer: Pick<Customer, 'id' | 'name' | 'email' | 'phone' | 'locale' | 'created_at'>;
  services: (SubscriptionWithProduct & { card: SavedCard | null })[];
  orders: CustomerOrder[];
  cards: SavedCard[];
  emails: CustomerEmail[];
  sessions: CustomerSession[];
  audit: AuditEntry[];
  /** Invoices and credit notes, newest first. */
  invoices: FiscalDocumentRow[];
}

/** The customer of `id` (a path's text) with all the page shows, or null for an id that is not one. */
export async function loadCustomerFile(db: Db, id: string): Promise<CustomerFile | null> {
  const customer = await customerOfPath(db, id);
  if (!customer) return null;
  const [services, orders, cards, emails, sessions, audit, invoices] = await Promise.all([
    listSubscriptionsOfCustomer(db, customer.id),
    db
      .selectFrom('orders as o')
      .innerJoin('subscriptions as s', 's.id', 'o.subscription_id')
      .select(['o.number', 'o.kind', 'o.state', 'o.total_cents', 'o.created_at', 's.product_code', 's.label'])
      .where('o.customer_id', '=', customer.id)
      .orderBy('o.created_at', 'desc')
      .orderBy('o.id', 'desc')
      .limit(CUSTOMER_PAGE_ROWS)
      .execute(),
    db
      .selectFrom('saved_cards')
      .selectAll()
      .where('customer_id', '=', customer.id)
      .orderBy('removed_at', (ob) => ob.desc().nullsFirst())
      .orderBy('is_default', 'desc')
      .orderBy('id', 'desc')
      .execute(),
    db
      .selectFrom('email_outbox')
      .select(['id', 'template', 'to_address', 'status', 'attempts', 'last_error', 'created_at', 'sent_at'])
      .where('customer_id', '=', customer.id)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(CUSTOMER_PAGE_ROWS)
      .execute(),
    db
      .selectFrom('web_sessions')
      .select(['app', 'created_at', 'last_seen_at'])
      .where('customer_id', '=', customer.id)
      .orderBy('last_seen_at', 'desc')
      .execute(),
    listAuditEntriesOf(db, { customerId: customer.id }),
    documentsOfCustomerQuery(db, customer.id).limit(CUSTOMER_PAGE_ROWS).execute(),
  ]);
  const cardOf = new Map(cards.map((card) => [Number(card.id), card]));
  return {
    customer: {
      id: customer.id,
      name: customer.name,
      email: customer.email,
      phone: customer.phone,
      locale: customer.locale,
      created_at: customer.created_at,
    },
    services: services.map((service) => ({
      ...service,
      card:
        service.subscription.auto_renew_card_id === null
          ? null
          : (cardOf.get(service.subscription.auto_renew_card_id) ?? null),
    })),
    orders,
    cards,
    emails,
    sessions,
    // Newest first, like every other section of the page.
    audit: [...audit].reverse(),
    invoices,
  };
}
