import type {
  OrderKind,
  OrderState,
  PaymentAttemptStatus,
  PaymentPurpose,
  RenewalStatus,
  SubscriptionStatus,
} from '../../db/schema.ts';
import { businessDate, businessDayStart } from '../../shared/business-time.ts';
import { addDays, addYears, type Clock } from '../../shared/clock.ts';
import { DECLINE_REASONS, type DeclineReason } from '../gateway/payment-gateway.ts';
import { DEMO_PRODUCTS } from './demo-catalog.ts';

/**
 * The demo history as plain data: ~40 customers and their services over the last 90 days, with every order, payment
 * attempt, renewal, refund and email they would have left. Pure and deterministic (a fixed-seed PRNG, dates from the
 * clock's business day), so the same clock always plans the same rows; demo-history.ts writes them.
 *
 * What it never plans, so that no background work picks anything up at start: an attempt or renewal in a non-final
 * state, a job, a pending email, an auto-renewing service expiring within the renewal lead time without a (final)
 * renewal for that period, a service lapsing without its expiry notice already sent, a card expiring within years.
 */

export const HISTORY_DAYS = 90;
const SEED = 20_261_203;
const CUSTOMERS = 40;
const MINUTE = 60_000;
const DAY = 86_400_000;

export interface PlannedCustomer {
  email: string;
  name: string;
  phone: string;
  createdAt: Date;
  card: { brand: string; last4: string; expMonth: number; expYear: number; token: string };
}
export interface PlannedService {
  customer: number;
  productCode: string;
  label: string;
  status: SubscriptionStatus;
  activatedOn: string | null;
  expiresOn: string | null;
  autoRenew: boolean;
  createdAt: Date;
}
type Transition<S> = { from: S | null; to: S; reason: string; at: Date };
export interface PlannedOrder {
  customer: number;
  service: number;
  kind: OrderKind;
  createdAt: Date;
  state: OrderState;
  settledAt: Date | null;
  events: Transition<OrderState>[];
}
export interface PlannedAttempt {
  order: number;
  purpose: Extract<PaymentPurpose, 'order_payment' | 'renewal_charge'>;
  status: Extract<PaymentAttemptStatus, 'captured' | 'declined'>;
  savedCard: boolean;
  switchAutoRenew: boolean;
  renewal: number | null;
  renewalTry: number | null;
  declineReason: DeclineReason | null;
  declineKind: 'hard' | 'soft' | null;
  card: { brand: string; last4: string };
  createdAt: Date;
  completedAt: Date;
  events: Transition<PaymentAttemptStatus>[];
  key: string;
}
export interface PlannedRenewal {
  service: number;
  order: number;
  periodStart: string;
  status: Extract<RenewalStatus, 'succeeded' | 'failed' | 'action_required' | 'closed'>;
  chargeCount: number;
  firstChargedAt: Date;
  lastDeclineReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  events: Transition<RenewalStatus>[];
}
export interface PlannedRefund {
  attempt: number;
  share: number;
  createdAt: Date;
  key: string;
}
export interface PlannedEmail {
  customer: number;
  service: number;
  order: number | null;
  template: 'renewal_succeeded' | 'renewal_failed' | 'service_expiring';
  failed: boolean;
  at: Date;
  variant: string;
}
export interface DemoHistoryPlan {
  customers: PlannedCustomer[];
  services: PlannedService[];
  orders: PlannedOrder[];
  attempts: PlannedAttempt[];
  renewals: PlannedRenewal[];
  refunds: PlannedRefund[];
  emails: PlannedEmail[];
}

/** mulberry32: a tiny seeded PRNG, enough for demo data (never for secrets). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const FIRST = ['Luca', 'Giulia', 'Marco', 'Francesca', 'Alessandro', 'Chiara', 'Matteo', 'Sara', 'Lorenzo', 'Elena'];
const FIRST_MORE = ['Davide', 'Martina', 'Simone', 'Valentina', 'Andrea', 'Federica', 'Paolo', 'Anna', 'Stefano'];
const LAST = ['Ferrari', 'Esposito', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti'];
const LAST_MORE = ['De Luca', 'Mancini', 'Costa', 'Giordano', 'Rizzo', 'Lombardi', 'Moretti', 'Barbieri', 'Fontana'];
const SOFT: DeclineReason[] = ['insufficient_funds', 'insufficient_funds', 'processing_error'];
const HARD: DeclineReason[] = ['do_not_honor', 'expired_card', 'stolen_card', 'card_not_active'];
const HARD_SET = new Set<string>(HARD);
/** What a customer typing a card on the bank's page may be refused for (authentication included). */
const HOSTED_DECLINES: DeclineReason[] = DECLINE_REASONS.filter((r) => r !== 'unknown');
const RETRY_DAYS = [1, 3, 5];

/** Plans the history for the clock's business day in `timeZone`. */
export function planDemoHistory({ clock, timeZone }: { clock: Clock; timeZone: string }): DemoHistoryPlan {
  const rand = mulberry32(SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
  const now = clock.now();
  const today = businessDate(now, timeZone);
  // An instant on `day` between 08:00 and 20:00 there, never after now.
  const at = (day: string, fromHour = 8, toHour = 20) => {
    const t = new Date(businessDayStart(day, timeZone).getTime() + int(fromHour * 60, toHour * 60) * MINUTE);
    return t.getTime() < now.getTime() ? t : new Date(now.getTime() - int(30, 90) * MINUTE);
  };
  const plan: DemoHistoryPlan = {
    customers: [],
    services: [],
    orders: [],
    attempts: [],
    renewals: [],
    refunds: [],
    emails: [],
  };

  const addOrder = (o: Omit<PlannedOrder, 'events'>): number => {
    const events: Transition<OrderState>[] = [
      { from: null, to: 'awaiting_payment', reason: 'created', at: o.createdAt },
    ];
    if (o.state !== 'awaiting_payment' && o.settledAt) {
      const reason = o.state === 'paid' ? 'paid by card' : 'cancelled by the customer';
      events.push({ from: 'awaiting_payment', to: o.state, reason, at: o.settledAt });
    }
    plan.orders.push({ ...o, events });
    return plan.orders.length - 1;
  };
  const hostedAttempt = (
    order: number,
    customer: number,
    t: Date,
    outcome: DeclineReason | 'captured',
    saved = false,
  ) => {
    const c = plan.customers[customer] as PlannedCustomer;
    const done = new Date(t.getTime() + int(1, 4) * MINUTE);
    const events: Transition<PaymentAttemptStatus>[] = [
      { from: null, to: 'created', reason: 'payment started', at: t },
      { from: 'created', to: 'redirected', reason: 'bank session created', at: t },
    ];
    if (outcome === 'captured') {
      events.push({ from: 'redirected', to: 'authorized', reason: 'authorized', at: done });
      events.push({ from: 'authorized', to: 'captured', reason: 'captured', at: new Date(done.getTime() + MINUTE) });
    } else events.push({ from: 'redirected', to: 'declined', reason: outcome, at: done });
    plan.attempts.push({
      order,
      purpose: 'order_payment',
      status: outcome === 'captured' ? 'captured' : 'declined',
      savedCard: saved,
      switchAutoRenew: saved,
      renewal: null,
      renewalTry: null,
      declineReason: outcome === 'captured' ? null : outcome,
      declineKind: outcome === 'captured' ? null : HARD_SET.has(outcome) ? 'hard' : 'soft',
      card: saved ? c.card : { brand: pick(['Visa', 'Mastercard']), last4: String(int(1000, 9999)) },
      createdAt: t,
      completedAt: outcome === 'captured' ? new Date(done.getTime() + MINUTE) : done,
      events,
      key: hex(32),
    });
    return plan.attempts.length - 1;
  };
  const service = (s: PlannedService) => plan.services.push(s) - 1;

  for (let i = 1; i <= CUSTOMERS; i++) {
    const first = pick(i % 2 ? FIRST : FIRST_MORE);
    const last = pick(i % 3 ? LAST : LAST_MORE);
    const since = addDays(today, -int(460, 900));
    plan.customers.push({
      email: `cliente.${String(i).padStart(3, '0')}@example.com`,
      name: `${first} ${last}`,
      phone: `+39 3${int(20, 49)} ${int(100, 999)} ${int(1000, 9999)}`,
      createdAt: at(since),
      card: {
        brand: pick(['Visa', 'Mastercard', 'Visa']),
        last4: String(int(1000, 9999)),
        expMonth: int(1, 12),
        expYear: Number(today.slice(0, 4)) + int(3, 6),
        token: `demo_history_${hex(24)}`,
      },
    });
    const customer = i - 1;
    const name = `${first} ${last}`;
    for (let n = int(3, 7); n > 0; n--) {
      const product = pick(DEMO_PRODUCTS);
      const label = labelFor(product.code, name, int);
      const roll = rand();
      const base = { customer, productCode: product.code, label };
      if (roll < 0.38 || (!product.auto_renew_available && roll < 0.8)) {
        planPurchase(base, product.auto_renew_available);
      } else if (roll < 0.75 && product.auto_renew_available) planAutoRenewal(base);
      else if (roll < 0.84) planManualRenewal(base);
      else if (roll < 0.94) planLapsing(base);
      else planOlder(base);
    }
  }
  // Sent emails older than the retention (30 days by default) would be purged at start: keep the recent ones only.
  plan.emails = plan.emails.filter((e) => now.getTime() - e.at.getTime() < 28 * DAY);
  // A few could not be delivered (the mailbox refused them).
  for (const email of plan.emails.filter((e) => e.template === 'renewal_failed').slice(0, 3)) email.failed = true;
  return plan;

  type Base = { customer: number; productCode: string; label: string };

  /** A first purchase in the window: paid (some after a decline), cancelled or still awaiting payment. */
  function planPurchase(base: Base, renewable: boolean) {
    const day = addDays(today, -int(1, HISTORY_DAYS - 1));
    const t = at(day);
    const roll = rand();
    const autoRenew = renewable && rand() < 0.6;
    if (roll < 0.84) {
      const declinedFirst = roll >= 0.72;
      const paidAt = new Date(t.getTime() + (declinedFirst ? 12 : 6) * MINUTE);
      const activatedOn = businessDate(paidAt, timeZone);
      const s = service({
        ...base,
        status: 'active',
        activatedOn,
        expiresOn: addYears(activatedOn, 1),
        autoRenew,
        createdAt: t,
      });
      const order = addOrder({ ...ids(base, s), kind: 'purchase', createdAt: t, state: 'paid', settledAt: paidAt });
      if (declinedFirst) hostedAttempt(order, base.customer, new Date(t.getTime() + MINUTE), pick(HOSTED_DECLINES));
      const paid = hostedAttempt(order, base.customer, new Date(paidAt.getTime() - 3 * MINUTE), 'captured', autoRenew);
      const refundAt = new Date(paidAt.getTime() + 2 * DAY);
      if (rand() < 0.06 && refundAt < now) {
        plan.refunds.push({ attempt: paid, share: pick([1, 0.5, 0.25]), createdAt: refundAt, key: hex(24) });
      }
      return;
    }
    const s = service({
      ...base,
      status: 'pending',
      activatedOn: null,
      expiresOn: null,
      autoRenew: false,
      createdAt: t,
    });
    const cancelAt = new Date(t.getTime() + int(2, 5) * DAY);
    const cancelled = roll < 0.93 && cancelAt < now;
    const order = addOrder({
      ...ids(base, s),
      kind: 'purchase',
      createdAt: t,
      state: cancelled ? 'cancelled' : 'awaiting_payment',
      settledAt: cancelled ? cancelAt : null,
    });
    if (rand() < 0.6) hostedAttempt(order, base.customer, new Date(t.getTime() + MINUTE), pick(HOSTED_DECLINES));
  }

  /** A service bought a year before `expiresOn` and paid at once (its purchase order is older than the window). */
  function oldService(base: Base, expiresOn: string, autoRenew: boolean, status: SubscriptionStatus = 'active') {
    const activatedOn = addYears(expiresOn, -1);
    const t = at(activatedOn);
    const s = service({ ...base, status, activatedOn, expiresOn, autoRenew, createdAt: t });
    const paidAt = new Date(t.getTime() + 6 * MINUTE);
    const order = addOrder({ ...ids(base, s), kind: 'purchase', createdAt: t, state: 'paid', settledAt: paidAt });
    hostedAttempt(order, base.customer, new Date(t.getTime() + 2 * MINUTE), 'captured', autoRenew);
    return s;
  }

  /** An automatic renewal opened in the window, `leadDays` (7) before the expiry, with its charges. */
  function planAutoRenewal(base: Base) {
    const opened = int(0, HISTORY_DAYS - 1);
    const openDay = addDays(today, -opened);
    const expiresOn = addDays(openDay, 7);
    // Retries run on the following days: only a renewal whose whole schedule is over may have had them.
    const mayRetry = opened >= 7;
    const roll = rand();
    const shape =
      roll < 0.55
        ? 'first_try'
        : roll < 0.75 && mayRetry
          ? 'after_retries'
          : roll < 0.87
            ? 'hard'
            : roll < 0.94 && mayRetry
              ? 'exhausted'
              : 'action_required';
    const s = oldService(base, expiresOn, true);
    const svc = plan.services[s] as PlannedService;
    const t = at(openDay, 3, 5);
    const declines: DeclineReason[] =
      shape === 'after_retries'
        ? Array.from({ length: int(1, 2) }, () => pick(SOFT))
        : shape === 'exhausted'
          ? [0, 1, 2, 3].map(() => pick(SOFT))
          : shape === 'hard'
            ? [pick(HARD)]
            : shape === 'action_required'
              ? ['authentication_required']
              : [];
    const succeeded = shape === 'first_try' || shape === 'after_retries';
    const tries = declines.length + (succeeded ? 1 : 0);
    const tryAt = (k: number) => (k === 1 ? t : new Date(t.getTime() + (RETRY_DAYS[k - 2] as number) * DAY));
    const lastAt = new Date(tryAt(tries).getTime() + MINUTE);
    // A failed renewal is paid by hand soon after by about half the customers; the rest is left waiting.
    const paidByHand = !succeeded && rand() < 0.5 && lastAt.getTime() + DAY < now.getTime();
    const handAt = new Date(lastAt.getTime() + int(2, 20) * 3_600_000);
    const state: OrderState = succeeded || paidByHand ? 'paid' : 'awaiting_payment';
    const settledAt = succeeded ? lastAt : paidByHand ? handAt : null;
    const order = addOrder({ ...ids(base, s), kind: 'renewal', createdAt: t, state, settledAt });
    if (succeeded || paidByHand) {
      svc.expiresOn = addYears(expiresOn, 1);
    } else if (expiresOn <= today) svc.status = 'expired';

    const renewalIndex = plan.renewals.length;
    const events: Transition<RenewalStatus>[] = [{ from: null, to: 'scheduled', reason: 'renewal due', at: t }];
    let status = 'scheduled' as RenewalStatus;
    const move = (to: RenewalStatus, reason: string, when: Date) => {
      events.push({ from: status, to, reason, at: when });
      status = to;
    };
    const card = (plan.customers[base.customer] as PlannedCustomer).card;
    for (let k = 1; k <= tries; k++) {
      const when = tryAt(k);
      const done = new Date(when.getTime() + MINUTE);
      const reason = declines[k - 1];
      plan.attempts.push({
        order,
        purpose: 'renewal_charge',
        status: reason ? 'declined' : 'captured',
        savedCard: true,
        switchAutoRenew: false,
        renewal: renewalIndex,
        renewalTry: k,
        declineReason: reason ?? null,
        declineKind: reason ? (HARD_SET.has(reason) ? 'hard' : 'soft') : null,
        card,
        createdAt: when,
        completedAt: done,
        events: [
          { from: null, to: 'created', reason: 'renewal charge', at: when },
          reason
            ? { from: 'created', to: 'declined', reason, at: done }
            : { from: 'created', to: 'captured', reason: 'charge approved', at: done },
        ],
        key: hex(32),
      });
      if (!reason) move('succeeded', 'charge approved', done);
      else if (reason === 'authentication_required') move('action_required', reason, done);
      else if (HARD_SET.has(reason)) move('failed', `${reason} (hard_decline)`, done);
      else if (k === 4) move('failed', `${reason} (retries_exhausted)`, done);
      else move('retry_scheduled', reason, done);
      if (reason && k === 1) {
        const variant = status === 'retry_scheduled' ? 'retrying' : 'final';
        plan.emails.push({
          customer: base.customer,
          service: s,
          order,
          template: 'renewal_failed',
          failed: false,
          at: done,
          variant,
        });
      }
      if (reason && k === 4) {
        plan.emails.push({
          customer: base.customer,
          service: s,
          order,
          template: 'renewal_failed',
          failed: false,
          at: done,
          variant: 'final',
        });
      }
    }
    if (paidByHand) {
      hostedAttempt(order, base.customer, new Date(handAt.getTime() - 3 * MINUTE), 'captured');
      move('closed', 'order_paid', handAt);
    }
    if (succeeded) {
      plan.emails.push({
        customer: base.customer,
        service: s,
        order,
        template: 'renewal_succeeded',
        failed: false,
        at: lastAt,
        variant: '',
      });
    }
    plan.renewals.push({
      service: s,
      order,
      periodStart: expiresOn,
      status: status as PlannedRenewal['status'],
      chargeCount: tries,
      firstChargedAt: new Date(t.getTime() + MINUTE),
      lastDeclineReason: declines.at(-1) ?? null,
      createdAt: t,
      updatedAt: (events.at(-1) as Transition<RenewalStatus>).at,
      events,
    });
  }

  /** A renewal the customer ordered and paid by hand in the window (automatic renewal off). */
  function planManualRenewal(base: Base) {
    const day = addDays(today, -int(1, HISTORY_DAYS - 1));
    const expiresOn = addDays(day, int(3, 25));
    const s = oldService(base, expiresOn, false);
    (plan.services[s] as PlannedService).expiresOn = addYears(expiresOn, 1);
    const t = at(day);
    const declinedFirst = rand() < 0.15;
    const paidAt = new Date(t.getTime() + (declinedFirst ? 12 : 6) * MINUTE);
    const order = addOrder({ ...ids(base, s), kind: 'renewal', createdAt: t, state: 'paid', settledAt: paidAt });
    if (declinedFirst) hostedAttempt(order, base.customer, new Date(t.getTime() + MINUTE), pick(HOSTED_DECLINES));
    hostedAttempt(order, base.customer, new Date(paidAt.getTime() - 3 * MINUTE), 'captured');
  }

  /** A service expiring in the next 30 days, automatic renewal off, its expiry notice already sent. */
  function planLapsing(base: Base) {
    // From 3 days on: the notice of one expiring sooner would be older than the retention keeps a sent email.
    const expiresOn = addDays(today, int(3, 30));
    const s = oldService(base, expiresOn, false);
    // Sent when the expiry came within the notice horizon (RENEWAL_NOTICE_DAYS, 30 by default).
    const noticeAt = at(addDays(expiresOn, -30), 2, 4);
    plan.emails.push({
      customer: base.customer,
      service: s,
      order: null,
      template: 'service_expiring',
      failed: false,
      at: noticeAt,
      variant: expiresOn,
    });
  }

  /** A service bought before the window, renewing by hand later in the year. */
  function planOlder(base: Base) {
    oldService(base, addDays(today, int(110, 260)), false);
  }

  function ids(base: Base, s: number) {
    return { customer: base.customer, service: s };
  }
}

function labelFor(code: string, name: string, int: (min: number, max: number) => number): string {
  const [first = '', last = ''] = name.toLowerCase().replace(/\s+/g, ' ').split(' ', 2);
  switch (code) {
    case 'pec':
      return `${first}.${last.replace(/\s/g, '')}${int(1, 99)}@pec.example.it`;
    case 'spid':
      return `SPID - ${name}`;
    case 'conservazione':
      return `Conservazione documenti - Studio ${name.split(' ').at(-1)}`;
    case 'fatturazione_pa':
      return `Fatturazione PA - P.IVA 0${int(1_000_000_000, 9_999_999_999)}`.slice(0, 35);
    case 'firma_digitale':
      return `Firma Digitale Remota - ${name}`;
    default:
      return `Marche temporali - ${int(1, 5) * 100} marche`;
  }
}
