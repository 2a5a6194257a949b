import type { Kysely, Selectable } from 'kysely';
import type { AuditLogTable, MerchantDatabase } from '../../db/schema.ts';
import type { Operator } from '../operators/operator-repository.ts';
import type { OperatorAction } from '../operators/operator-roles.ts';

export type AuditEntry = Selectable<AuditLogTable>;

/** What an action changed, in the words the audit log keeps (who and when are added by appendAuditEntry). */
export interface AuditFacts {
  /** What kind of thing was acted on: `order`, `payment`, `refund`, `email`, `subscription`, `customer`, `operator`. */
  objectType: string;
  /** Its id as an operator reads it: an order's number, a payment's `pa_…`, a row id. */
  objectId: string;
  customerId?: number | null;
  orderId?: number | null;
  /** The facts the action changed, before and after (small objects: states, amounts, flags). */
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

export interface AuditEntryInput extends AuditFacts {
  operator: Pick<Operator, 'id' | 'email'>;
  action: OperatorAction;
  reason: string;
  /** The confirmation form's key: a second entry with the same key is not written (the form was sent twice). */
  requestKey?: string;
  at: Date;
}

/**
 * Appends one entry to the audit log (append-only in the database: migrations/2026-12-03-010-backoffice.ts). Returns
 * false when an entry with the same request key is already there: the same confirmed form, sent again.
 */
export async function appendAuditEntry(db: Kysely<MerchantDatabase>, entry: AuditEntryInput): Promise<boolean> {
  const written = await db
    .insertInto('audit_log')
    .values({
      at: entry.at,
      operator_id: entry.operator.id,
      operator_email: entry.operator.email,
      action: entry.action,
      object_type: entry.objectType,
      object_id: entry.objectId,
      customer_id: entry.customerId ?? null,
      order_id: entry.orderId ?? null,
      before: entry.before ? JSON.stringify(entry.before) : null,
      after: entry.after ? JSON.stringify(entry.after) : null,
      reason: entry.reason,
      request_key: entry.requestKey ?? null,
    })
    .onConflict((conflict) => conflict.column('request_key').where('request_key', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return written !== undefined;
}

/** Whether a confirmation form's key has been acted on already (its entry is in the log). */
export async function isAuditedKey(db: Kysely<MerchantDatabase>, requestKey: string): Promise<boolean> {
  const row = await db.selectFrom('audit_log').select('id').where('request_key', '=', requestKey).executeTakeFirst();
  return row !== undefined;
}

/** An order's or a customer's entries, oldest first (the order page's timeline, the customer page). */
export async function listAuditEntriesOf(
  db: Kysely<MerchantDatabase>,
  of: { orderId: number } | { customerId: number },
): Promise<AuditEntry[]> {
  const [column, id] =
    'orderId' in of ? (['order_id', of.orderId] as const) : (['customer_id', of.customerId] as const);
  return db.selectFrom('audit_log').selectAll().where(column, '=', id).orderBy('id').execute();
}
