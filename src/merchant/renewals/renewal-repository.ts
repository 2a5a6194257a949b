import type { Kysely, Transaction, Updateable } from 'kysely';
import type { MerchantDatabase, Renewal, RenewalStatus, RenewalsTable, SavedCard } from '../../db/schema.ts';
import { ATTENTION_RENEWAL_STATES, canMoveRenewal } from './renewal-states.ts';

type Db = Kysely<MerchantDatabase> | Transaction<MerchantDatabase>;
type Trx = Transaction<MerchantDatabase>;

export interface DueSubscription {
  subscriptionId: number;
  customerId: number;
  expiresOn: string;
  card: Pick<SavedCard, 'id' | 'exp_month' | 'exp_year' | 'removed_at'> | null;
}

/**
 * Services whose renewal falls due: automatic renewal on, active, expiring after `today` and by `lastDay`, with no
 * renewal yet for the period that ends at that expiry.
 */
export async function findDueSubscriptions(db: Db, window: DueWindow): Promise<DueSubscription[]> {
  const rows = await dueSubscriptionsQuery(db, window).execute();
  return rows.map((row) => ({
    subscriptionId: row.id,
    customerId: row.customer_id,
    expiresOn: row.expires_on as string,
    card:
      row.card_id === null
        ? null
        : {
            id: row.card_id,
            exp_month: row.exp_month as number,
            exp_year: row.exp_year as number,
            removed_at: row.removed_at ?? null,
          },
  }));
}

/** The earliest expiry after `day` of a service renewing automatically (what the next pass will find due). */
export async function nextRenewingExpiry(db: Db, day: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('subscriptions')
    .select((eb) => eb.fn.min('expires_on').as('expires_on'))
    .where('auto_renew', '=', true)
    .where('status', '=', 'active')
    .where('expires_on', '>', day)
    .executeTakeFirst();
  return row?.expires_on ?? undefined;
}

export interface DueWindow {
  today: string;
  lastDay: string;
  limit?: number;
  after?: { expiresOn: string; id: number };
}

/** The due-services query (its plan is checked in src/db/hot-query-plans.test.ts: subscriptions_due_idx). */
export function dueSubscriptionsQuery(db: Db, window: DueWindow) {
  return db
    .selectFrom('subscriptions as s')
    .leftJoin('saved_cards as c', 'c.id', 's.auto_renew_card_id')
    .select(['s.id', 's.customer_id', 's.expires_on', 'c.id as card_id', 'c.exp_month', 'c.exp_year', 'c.removed_at'])
    .where('s.auto_renew', '=', true)
    .where('s.status', '=', 'active')
    .where('s.expires_on', '>', window.today)
    .where('s.expires_on', '<=', window.lastDay)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('renewals as r')
            .select('r.id')
            .whereRef('r.subscription_id', '=', 's.id')
            .whereRef('r.period_start', '=', 's.expires_on'),
        ),
      ),
    )
    .$if(window.after !== undefined, (qb) => {
      const after = window.after as { expiresOn: string; id: number };
      return qb.where((eb) =>
        eb.or([
          eb('s.expires_on', '>', after.expiresOn),
          eb.and([eb('s.expires_on', '=', after.expiresOn), eb('s.id', '>', after.id)]),
        ]),
      );
    })
    .orderBy('s.expires_on')
    .orderBy('s.id')
    .$if(window.limit !== undefined, (qb) => qb.limit(window.limit as number));
}

export async function findRenewalForPeriod(db: Db, subscriptionId: number, periodStart: string) {
  return db
    .selectFrom('renewals')
    .selectAll()
    .where('subscription_id', '=', subscriptionId)
    .where('period_start', '=', periodStart)
    .executeTakeFirst();
}

export async function insertRenewal(
  trx: Trx,
  renewal: {
    subscriptionId: number;
    customerId: number;
    orderId: number;
    periodStart: string;
    cardId: number;
    at: Date;
  },
): Promise<Renewal> {
  const row = await trx
    .insertInto('renewals')
    .values({
      subscription_id: renewal.subscriptionId,
      customer_id: renewal.customerId,
      order_id: renewal.orderId,
      period_start: renewal.periodStart,
      status: 'scheduled',
      card_id: renewal.cardId,
      created_at: renewal.at,
      updated_at: renewal.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('renewal_events')
    .values({ renewal_id: row.id, from_status: null, to_status: 'scheduled', reason: 'renewal due', at: renewal.at })
    .execute();
  return row;
}

export async function lockRenewal(trx: Trx, renewalId: number): Promise<Renewal | undefined> {
  return trx.selectFrom('renewals').selectAll().where('id', '=', renewalId).forUpdate().executeTakeFirst();
}

/** Compare-and-set on the status, with a history row; `ok: false` when the move is not allowed or lost a race. */
export async function transitionRenewal(
  trx: Trx,
  change: {
    renewal: Renewal;
    to: RenewalStatus;
    reason: string;
    at: Date;
    set?: Omit<Updateable<RenewalsTable>, 'status' | 'id'>;
  },
): Promise<{ ok: true; renewal: Renewal } | { ok: false }> {
  const { renewal } = change;
  if (!canMoveRenewal(renewal.status, change.to)) return { ok: false };
  const moved = await trx
    .updateTable('renewals')
    .set({ ...change.set, status: change.to, updated_at: change.at })
    .where('id', '=', renewal.id)
    .where('status', '=', renewal.status)
    .where('charge_count', '=', renewal.charge_count)
    .returningAll()
    .executeTakeFirst();
  if (!moved) return { ok: false };
  await trx
    .insertInto('renewal_events')
    .values({
      renewal_id: renewal.id,
      from_status: renewal.status,
      to_status: change.to,
      reason: change.reason,
      at: change.at,
    })
    .execute();
  return { ok: true, renewal: moved };
}

/** Renewals that wait for the customer (the banner), with their order still awaiting payment. */
export async function listRenewalsNeedingAttention(db: Db, customerId: number) {
  return db
    .selectFrom('renewals as r')
    .innerJoin('orders as o', 'o.id', 'r.order_id')
    .innerJoin('subscriptions as s', 's.id', 'r.subscription_id')
    .select(['r.id', 'r.status', 'r.last_decline_reason', 'o.number as order_number', 's.id as subscription_id'])
    .select(['s.label', 's.product_code'])
    .where('r.customer_id', '=', customerId)
    .where('r.status', 'in', ATTENTION_RENEWAL_STATES)
    .where('o.state', '=', 'awaiting_payment')
    .orderBy('r.id')
    .execute();
}
