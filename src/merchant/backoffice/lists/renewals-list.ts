import type { z } from 'zod';
import type { RenewalStatus } from '../../../db/schema.ts';
import { addDays } from '../../../shared/clock.ts';
import { RENEWAL_TRANSITIONS } from '../../renewals/renewal-states.ts';
import { enumParam, type ListContext, type ListPage, withDayRange } from './list-definition.ts';
import { afterCursor, cursorKey, dayRangeInstants } from './list-query.ts';

export const RENEWAL_STATUSES = Object.keys(RENEWAL_TRANSITIONS) as [RenewalStatus, ...RenewalStatus[]];

/**
 * `/rinnovi` shows one of three views: the renewals themselves (`status`, `from`, `to` of creation); or, with
 * `due_within=7|30`, the services renewing automatically that expire within that many days; or, with `lapsing=30`,
 * the active services expiring within 30 days with automatic renewal off and no paid renewal for that period.
 */
export const RenewalFilters = withDayRange({
  status: enumParam(RENEWAL_STATUSES).optional(),
  due_within: enumParam(['7', '30']).transform(Number).optional(),
  lapsing: enumParam(['30']).transform(Number).optional(),
}).refine(
  (f) =>
    (f.due_within === undefined && f.lapsing === undefined) ||
    ((f.due_within === undefined) !== (f.lapsing === undefined) && !f.status && !f.from && !f.to),
  { message: 'one_renewal_view', path: ['due_within'] },
);
export type RenewalFilters = z.infer<typeof RenewalFilters>;

export interface RenewalListRow {
  /** The renewal's id, or the service's in the due and lapsing views. */
  id: number;
  cursor_key: string;
  subscription_id: number;
  service_label: string;
  product_code: string;
  customer_id: number;
  customer_name: string;
  /** The expiry the renewal extends (its period's start). */
  expires_on: string;
  auto_renew: boolean;
  /** Null: no renewal opened yet for this period (due and lapsing views). */
  status: RenewalStatus | null;
  charge_count: number | null;
  next_charge_at: Date | null;
  last_decline_reason: string | null;
  order_number: string | null;
  created_at: Date | null;
}

export function loadRenewalList(context: ListContext, filters: RenewalFilters, page: ListPage) {
  const days = filters.due_within ?? filters.lapsing;
  if (days === undefined) return listRenewals(context, filters, page);
  return listExpiringServices(context, { days, autoRenew: filters.due_within !== undefined }, page);
}

/** Renewals newest first (created_at, id), through renewals_created_idx. */
async function listRenewals({ db, timeZone }: ListContext, filters: RenewalFilters, page: ListPage) {
  const { since, before } = dayRangeInstants(filters, timeZone);
  return db
    .selectFrom('renewals as r')
    .innerJoin('subscriptions as s', 's.id', 'r.subscription_id')
    .innerJoin('customers as c', 'c.id', 'r.customer_id')
    .innerJoin('orders as o', 'o.id', 'r.order_id')
    .select([
      'r.id',
      cursorKey('r.created_at', 'timestamptz').as('cursor_key'),
      's.id as subscription_id',
      's.label as service_label',
      's.product_code',
      'r.customer_id',
      'c.name as customer_name',
      'r.period_start as expires_on',
      's.auto_renew',
      'r.status',
      'r.charge_count',
      'r.next_charge_at',
      'r.last_decline_reason',
      'o.number as order_number',
      'r.created_at',
    ])
    .where(afterCursor('r.created_at', 'r.id', 'desc', 'timestamptz', page.after))
    .$if(filters.status !== undefined, (q) => q.where('r.status', '=', filters.status as RenewalStatus))
    .$if(since !== undefined, (q) => q.where('r.created_at', '>=', since as Date))
    .$if(before !== undefined, (q) => q.where('r.created_at', '<', before as Date))
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(page.limit)
    .execute() as Promise<RenewalListRow[]>;
}

/**
 * Active services expiring from today to `days` days on, soonest first (expires_on, id): those renewing
 * automatically (through subscriptions_due_idx), or those that will lapse: automatic renewal off and no paid
 * renewal order for the period. Each with the renewal of its current period, if one was opened.
 */
async function listExpiringServices(
  { db, today }: ListContext,
  view: { days: number; autoRenew: boolean },
  page: ListPage,
) {
  return db
    .selectFrom('subscriptions as s')
    .innerJoin('customers as c', 'c.id', 's.customer_id')
    .leftJoin('renewals as r', (join) =>
      join.onRef('r.subscription_id', '=', 's.id').onRef('r.period_start', '=', 's.expires_on'),
    )
    .leftJoin('orders as o', 'o.id', 'r.order_id')
    .select([
      's.id',
      cursorKey('s.expires_on', 'date').as('cursor_key'),
      's.id as subscription_id',
      's.label as service_label',
      's.product_code',
      's.customer_id',
      'c.name as customer_name',
      's.expires_on',
      's.auto_renew',
      'r.status',
      'r.charge_count',
      'r.next_charge_at',
      'r.last_decline_reason',
      'o.number as order_number',
      'r.created_at',
    ])
    .where(afterCursor('s.expires_on', 's.id', 'asc', 'date', page.after))
    .where('s.status', '=', 'active')
    .where('s.auto_renew', '=', view.autoRenew)
    .where('s.expires_on', '>=', today)
    .where('s.expires_on', '<=', addDays(today, view.days))
    .$if(!view.autoRenew, (q) => q.where((eb) => eb.or([eb('o.state', 'is', null), eb('o.state', '<>', 'paid')])))
    .orderBy('s.expires_on', 'asc')
    .orderBy('s.id', 'asc')
    .limit(page.limit)
    .execute() as Promise<RenewalListRow[]>;
}
