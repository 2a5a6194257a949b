import { businessDate } from '../../shared/business-time.ts';
import { addDays } from '../../shared/clock.ts';
import { enqueueEmail } from '../email/outbox-repository.ts';
import { recordCardEvent } from '../events/resource-events.ts';
import type { RenewalDeps } from './renewal-deps.ts';

export interface NoticeCounts {
  cardExpiring: number;
  serviceExpiring: number;
}

/** Whether a card (valid through the end of its expiry month) is already expired on a 'YYYY-MM-DD' day. */
function expiredOn(card: { exp_month: number; exp_year: number }, day: string): boolean {
  const [year, month] = day.split('-').map(Number) as [number, number];
  return card.exp_year * 12 + card.exp_month < year * 12 + month;
}

/**
 * The notices of SPEC §4, each sent once (the outbox's dedupe key names the event):
 * - a card that will have expired by a renewal date falling within the notice horizon (one email per card and
 *   expiry, listing the services it would renew);
 * - a service expiring within the horizon without automatic renewal (one per service and expiry).
 * With `dryRun`, counts what would be sent and writes nothing.
 */
export async function sendRenewalNotices(deps: RenewalDeps, options: { dryRun: boolean }): Promise<NoticeCounts> {
  const today = businessDate(deps.clock.now(), deps.settings.timeZone);
  const { leadDays, noticeDays } = deps.settings;
  const horizon = addDays(today, noticeDays);
  const counts: NoticeCounts = { cardExpiring: 0, serviceExpiring: 0 };

  // Renewal date = expiry − lead days ≤ horizon  ⇔  expiry ≤ horizon + lead days.
  const renewing = await deps.db
    .selectFrom('subscriptions as s')
    .innerJoin('saved_cards as c', 'c.id', 's.auto_renew_card_id')
    .innerJoin('customers as u', 'u.id', 's.customer_id')
    .select(['s.id', 's.product_code', 's.label', 's.expires_on', 'c.id as card_id', 'c.brand', 'c.last4'])
    .select(['c.exp_month', 'c.exp_year', 'u.id as customer_id', 'u.email', 'u.locale'])
    .where('s.auto_renew', '=', true)
    .where('s.status', '=', 'active')
    .where('c.removed_at', 'is', null)
    .where('s.expires_on', '>', today)
    .where('s.expires_on', '<=', addDays(horizon, leadDays))
    .orderBy('c.id')
    .orderBy('s.expires_on')
    .execute();
  const byCard = new Map<number, typeof renewing>();
  for (const row of renewing) {
    const renewalDate = addDays(row.expires_on as string, -leadDays);
    if (!expiredOn(row, renewalDate)) continue;
    byCard.set(row.card_id, [...(byCard.get(row.card_id) ?? []), row]);
  }
  for (const [cardId, rows] of byCard) {
    const first = rows[0];
    if (!first) continue;
    const dedupeKey = `card_expiring:card:${cardId}:${first.exp_year}-${first.exp_month}`;
    if (options.dryRun) {
      if (!(await alreadySent(deps, dedupeKey))) counts.cardExpiring++;
      continue;
    }
    // The notice and its `card.expiring` event together, once per card and expiry (the email's dedupe key decides).
    const at = deps.clock.now();
    const sent = await deps.db.transaction().execute(async (trx) => {
      const written = await enqueueEmail(trx, {
        at,
        dedupeKey,
        customerId: first.customer_id,
        to: first.email,
        locale: first.locale,
        template: 'card_expiring',
        data: {
          card: { brand: first.brand, last4: first.last4, expMonth: first.exp_month, expYear: first.exp_year },
          subscriptions: rows.map((row) => ({
            subscriptionId: row.id,
            productCode: row.product_code,
            label: row.label,
            nextRenewalDate: addDays(row.expires_on as string, -leadDays),
          })),
        },
      });
      if (written) {
        await recordCardEvent(trx, 'card.expiring', cardId, at, { subscriptionIds: rows.map((row) => row.id) });
      }
      return written;
    });
    if (sent) counts.cardExpiring++;
  }

  const lapsing = await deps.db
    .selectFrom('subscriptions as s')
    .innerJoin('customers as u', 'u.id', 's.customer_id')
    .select(['s.id', 's.product_code', 's.label', 's.expires_on', 'u.id as customer_id', 'u.email', 'u.locale'])
    .where('s.auto_renew', '=', false)
    .where('s.status', '=', 'active')
    .where('s.expires_on', '>=', today)
    .where('s.expires_on', '<=', horizon)
    .orderBy('s.id')
    .execute();
  for (const row of lapsing) {
    const dedupeKey = `service_expiring:subscription:${row.id}:${row.expires_on}`;
    if (options.dryRun) {
      if (!(await alreadySent(deps, dedupeKey))) counts.serviceExpiring++;
      continue;
    }
    const sent = await enqueueEmail(deps.db, {
      at: deps.clock.now(),
      dedupeKey,
      customerId: row.customer_id,
      to: row.email,
      locale: row.locale,
      template: 'service_expiring',
      data: {
        subscriptionId: row.id,
        productCode: row.product_code,
        label: row.label,
        expiresOn: row.expires_on as string,
      },
    });
    if (sent) counts.serviceExpiring++;
  }
  return counts;
}

async function alreadySent(deps: RenewalDeps, dedupeKey: string): Promise<boolean> {
  const row = await deps.db
    .selectFrom('email_outbox')
    .select('id')
    .where('dedupe_key', '=', dedupeKey)
    .executeTakeFirst();
  return row !== undefined;
}
