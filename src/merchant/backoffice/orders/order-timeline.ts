import type { GatewayAuthentication } from '../../gateway/payment-gateway.ts';
import type { I18n } from '../../web/i18n/i18n.ts';
import type { BankStatus } from './order-bank-status.ts';
import type { OrderFile } from './order-file.ts';

export type TimelineKind =
  | 'order'
  | 'payment'
  | 'authentication'
  | 'notification'
  | 'refund'
  | 'renewal'
  | 'email'
  | 'operator';

export interface TimelineEntry {
  at: Date;
  kind: TimelineKind;
  what: string;
  detail: string | null;
}

/** The 3-D Secure outcome of each attempt the bank reported one for, by attempt id. */
export function authenticationsOf(statuses: readonly BankStatus[]): Map<number, GatewayAuthentication> {
  const found = new Map<number, GatewayAuthentication>();
  for (const status of statuses) {
    if ('session' in status && status.session.authentication)
      found.set(status.attemptId, status.session.authentication);
  }
  return found;
}

/**
 * Every event of an order in time order (issue 12, point 4): the order and its state changes, each payment attempt
 * and each of its state changes with the source its reason names (return, notification, reconciliation), the 3-D
 * Secure outcome the bank reports, the bank's notifications, refunds, renewals, emails and operators' actions.
 * Events at the same instant keep the order in which they were written.
 */
export function orderTimeline(
  file: OrderFile,
  authentications: ReadonlyMap<number, GatewayAuthentication>,
  i18n: I18n,
): TimelineEntry[] {
  const { t } = i18n;
  const entries: TimelineEntry[] = [];
  const add = (at: Date, kind: TimelineKind, what: string, detail: string | null = null) =>
    entries.push({ at, kind, what, detail });
  const { order } = file;

  add(
    order.created_at,
    'order',
    t('bo.tl.orderCreated'),
    t('bo.tl.orderCreatedDetail', {
      kind: t(`bo.lists.orderKind.${order.kind}`),
      total: i18n.money(order.total_cents),
    }),
  );
  for (const c of file.orderChanges) {
    // The first row records the state the order was created in: the creation above says it already.
    if (c.from === null) continue;
    add(
      c.at,
      'order',
      t('bo.tl.orderState', { from: t(`order.state.${c.from}`), to: t(`order.state.${c.to}`) }),
      c.reason,
    );
  }

  for (const attempt of file.attempts) {
    const payment = attempt.public_id;
    const card = attempt.card_last4
      ? `${attempt.card_brand ?? ''} ···· ${attempt.card_last4}`.trim()
      : t('bo.tl.cardPending');
    const amount = i18n.money(attempt.amount_cents);
    add(
      attempt.created_at,
      'payment',
      t('bo.tl.attemptCreated', { purpose: t(`bo.lists.purpose.${attempt.purpose}`), payment }),
      attempt.renewal_try !== null
        ? t('bo.tl.attemptCreatedTry', { amount, card, try: attempt.renewal_try })
        : t('bo.tl.attemptCreatedDetail', { amount, card }),
    );
    for (const c of attempt.changes) {
      const to = t(`bo.lists.attemptStatus.${c.to}`);
      add(
        c.at,
        'payment',
        c.from === null
          ? t('bo.tl.attemptStateNew', { payment, to })
          : t('bo.tl.attemptState', { payment, from: t(`bo.lists.attemptStatus.${c.from}`), to }),
        c.reason,
      );
    }
    const authentication = authentications.get(Number(attempt.id));
    if (authentication) {
      // The bank gives no time for it: it happened when the attempt left `authenticating`, or last changed.
      const left = attempt.changes.find((c) => c.from === 'authenticating');
      add(
        left?.at ?? attempt.completed_at ?? attempt.updated_at,
        'authentication',
        t('bo.tl.authentication', { payment, outcome: t(`bo.tl.auth.outcome.${authentication.outcome ?? 'pending'}`) }),
        t('bo.tl.authenticationDetail', {
          method: t(`bo.tl.auth.method.${authentication.method}`),
          eci: authentication.eci ?? '—',
        }),
      );
    }
  }

  for (const n of file.notifications) {
    add(
      n.received_at,
      'notification',
      t('bo.tl.notification', { type: n.type }),
      n.processed_at
        ? t('bo.tl.notificationProcessed', { session: n.bank_session_id, at: i18n.dateTimeOf(n.processed_at) })
        : t('bo.tl.notificationPending', { session: n.bank_session_id }),
    );
  }

  for (const refund of file.refunds) {
    const amount = i18n.money(refund.amount_cents);
    add(
      refund.created_at,
      'refund',
      t('bo.tl.refundRequested', { amount }),
      t('bo.tl.refundRequestedDetail', { by: refund.requested_by, reason: refund.reason || '—' }),
    );
    if (refund.completed_at) {
      add(
        refund.completed_at,
        'refund',
        t('bo.tl.refundDone', { amount, status: t(`bo.lists.refundStatus.${refund.status}`) }),
        refund.failure_reason ?? refund.bank_refund_id,
      );
    }
  }

  for (const renewal of file.renewals) {
    add(renewal.created_at, 'renewal', t('bo.tl.renewalOpened', { start: i18n.date(renewal.period_start) }));
    for (const c of renewal.changes) {
      const to = t(`bo.lists.renewalStatus.${c.to}`);
      add(
        c.at,
        'renewal',
        c.from === null
          ? t('bo.tl.renewalStateNew', { to })
          : t('bo.tl.renewalState', { from: t(`bo.lists.renewalStatus.${c.from}`), to }),
        c.reason,
      );
    }
  }

  for (const email of file.emails) {
    add(
      email.created_at,
      'email',
      t('bo.tl.emailQueued', { template: email.template }),
      email.status === 'failed'
        ? t('bo.tl.emailFailedDetail', {
            to: email.to_address,
            attempts: email.attempts,
            error: email.last_error ?? '—',
          })
        : t('bo.tl.emailQueuedDetail', { to: email.to_address, status: t(`bo.lists.emailStatus.${email.status}`) }),
    );
    if (email.sent_at)
      add(email.sent_at, 'email', t('bo.tl.emailSent', { template: email.template }), email.to_address);
  }

  for (const entry of file.audit) {
    add(
      entry.at,
      'operator',
      t('bo.tl.operator', { operator: entry.operator_email, action: entry.action }),
      entry.reason,
    );
  }

  // Array.prototype.sort is stable: same-instant events stay in the order they were added above.
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime());
}
