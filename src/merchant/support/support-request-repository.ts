import type { Kysely, Transaction } from 'kysely';
import type { MerchantDatabase, SupportTopic } from '../../db/schema.ts';

type Db = Kysely<MerchantDatabase> | Transaction<MerchantDatabase>;

export interface NewSupportRequest {
  customerId: number;
  topic: SupportTopic;
  message: string;
  /** One of the customer's own orders (the composite foreign key refuses anyone else's). */
  orderId: number | null;
  at: Date;
}

export async function insertSupportRequest(db: Db, request: NewSupportRequest): Promise<number> {
  const row = await db
    .insertInto('support_requests')
    .values({
      customer_id: request.customerId,
      topic: request.topic,
      message: request.message,
      order_id: request.orderId,
      created_at: request.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export interface SupportRequestRow {
  id: number;
  customerId: number;
  customerName: string;
  customerEmail: string;
  topic: SupportTopic;
  message: string;
  orderNumber: string | null;
  createdAt: Date;
}

/** The latest requests, newest first, with who sent them and the order they name (for the back office). */
export async function listSupportRequests(db: Db, limit = 100): Promise<SupportRequestRow[]> {
  const rows = await db
    .selectFrom('support_requests')
    .innerJoin('customers', 'customers.id', 'support_requests.customer_id')
    .leftJoin('orders', 'orders.id', 'support_requests.order_id')
    .select([
      'support_requests.id',
      'support_requests.customer_id',
      'customers.name',
      'customers.email',
      'support_requests.topic',
      'support_requests.message',
      'orders.number',
      'support_requests.created_at',
    ])
    .orderBy('support_requests.created_at', 'desc')
    .orderBy('support_requests.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: Number(row.id),
    customerId: Number(row.customer_id),
    customerName: row.name,
    customerEmail: row.email,
    topic: row.topic,
    message: row.message,
    orderNumber: row.number,
    createdAt: row.created_at,
  }));
}

/** Whether request `id` is the customer's (the page after sending shows its number only then). */
export async function isSupportRequestOf(db: Db, customerId: number, id: number): Promise<boolean> {
  const row = await db
    .selectFrom('support_requests')
    .select('id')
    .where('id', '=', id)
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return row !== undefined;
}
