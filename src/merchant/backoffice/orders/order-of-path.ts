import type { Kysely } from 'kysely';
import type { MerchantDatabase, Order, Subscription } from '../../../db/schema.ts';

export interface OrderTarget {
  order: Order;
  service: Pick<Subscription, 'id' | 'label' | 'status' | 'expires_on'>;
  customer: { id: number; email: string };
}

/** The order of a `/ordini/:number/…` path with its service and customer, or null (a 404). */
export async function orderOfPath(
  db: Kysely<MerchantDatabase>,
  number: string | undefined,
): Promise<OrderTarget | null> {
  if (!number || number.length > 40) return null;
  const order = await db.selectFrom('orders').selectAll().where('number', '=', number).executeTakeFirst();
  if (!order) return null;
  const [service, customer] = await Promise.all([
    db
      .selectFrom('subscriptions')
      .select(['id', 'label', 'status', 'expires_on'])
      .where('id', '=', order.subscription_id)
      .executeTakeFirstOrThrow(),
    db.selectFrom('customers').select(['id', 'email']).where('id', '=', order.customer_id).executeTakeFirstOrThrow(),
  ]);
  return { order, service, customer };
}
