import { randomBytes } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Locale, MerchantDatabase, OrderKind, SubscriptionStatus } from '../../db/schema.ts';
import { businessDate } from '../../shared/business-time.ts';
import { addDays, addYears, type Clock } from '../../shared/clock.ts';
import { insertProductIfMissing } from '../catalog/product-repository.ts';
import { findCustomerByEmail, insertCustomer } from '../customers/customer-repository.ts';
import { hashPassword } from '../customers/passwords.ts';
import { saveBillingProfile } from '../invoices/billing-profile-repository.ts';
import type { CustomerFiscalData } from '../invoices/invoice-document.ts';
import { insertOperator } from '../operators/operator-repository.ts';
import { createOrder } from '../orders/create-order.ts';
import { transitionOrder } from '../orders/order-repository.ts';
import { insertPromotion } from '../promotions/promotion-repository.ts';
import { insertSubscription } from '../subscriptions/subscription-repository.ts';
import { DEMO_PRODUCTS } from './demo-catalog.ts';
import { HistoryNumbers, seedDemoHistory } from './demo-history.ts';
import { planDemoHistory } from './demo-history-plan.ts';

export const DEMO_PASSWORD = 'cassa-demo';

/** The demo logins, for `npm start` to print and for tests to use. */
export const DEMO_CUSTOMERS = [
  { name: 'Mario Rossi', email: 'mario.rossi@example.com', password: DEMO_PASSWORD, locale: 'it' },
  { name: 'Giulia Bianchi', email: 'giulia.bianchi@example.com', password: DEMO_PASSWORD, locale: 'en' },
] as const satisfies readonly { name: string; email: string; password: string; locale: Locale }[];

export const [DEMO_MARIO, DEMO_GIULIA] = DEMO_CUSTOMERS;

/**
 * The demo customers' "Dati di fatturazione" (issue 15): Mario as a private person with his codice fiscale, Giulia
 * for her company with its partita IVA and codice destinatario. Real-format codes with correct check characters.
 */
export const DEMO_BILLING: readonly CustomerFiscalData[] = [
  {
    kind: 'person',
    firstName: 'Mario',
    lastName: 'Rossi',
    taxCode: 'RSSMRA80A01H501U',
    address: { street: 'Via Appia Nuova 10', postalCode: '00183', city: 'Roma', province: 'RM', country: 'IT' },
  },
  {
    kind: 'company',
    name: 'Bianchi Consulenze S.r.l.',
    vatNumber: '03487210589',
    address: { street: 'Corso Venezia 22', postalCode: '20121', city: 'Milano', province: 'MI', country: 'IT' },
    recipientCode: 'M5UXCR1',
  },
];

/** The demo's back-office operator (an admin; TOTP is not required outside production). */
export const DEMO_OPERATOR = {
  name: 'Operatore Demo',
  email: 'operatore@example.com',
  password: DEMO_PASSWORD,
} as const;

/** The demo's discount codes: #IoRestoACasa (20% on PEC renewals, valid around today) and one that has expired. */
export const DEMO_PROMOTION_CODES = { valid: 'IORESTOACASA', expired: 'BLACKFRIDAY' } as const;

/** A past or pending order of a demo service; `daysAgo` counts back from the clock's today. */
interface DemoOrder {
  kind: OrderKind;
  daysAgo: number;
  outcome: 'paid' | 'cancelled' | 'awaiting_payment';
}

/** A demo service; `expiresInDays` counts from today (negative: already expired). A pending one has no dates yet. */
interface DemoService {
  productCode: string;
  label: string;
  status: SubscriptionStatus;
  activatedYearsAgo?: number;
  expiresInDays?: number;
  orders: DemoOrder[];
}

// Expiries a few weeks away make the renewals awaiting payment look like what a real customer sees.
const MARIO_SERVICES: DemoService[] = [
  {
    productCode: 'pec',
    label: 'mario.rossi@pec.example.it',
    status: 'active',
    activatedYearsAgo: 2,
    expiresInDays: 18,
    orders: [
      { kind: 'purchase', daysAgo: 2 * 365 - 18, outcome: 'paid' },
      { kind: 'renewal', daysAgo: 365 - 11, outcome: 'paid' },
      { kind: 'renewal', daysAgo: 12, outcome: 'awaiting_payment' },
    ],
  },
  {
    productCode: 'spid',
    label: 'SPID - Mario Rossi (RSSMRA80A01H501U)',
    status: 'active',
    activatedYearsAgo: 1,
    expiresInDays: 25,
    orders: [
      { kind: 'purchase', daysAgo: 365 - 25, outcome: 'paid' },
      { kind: 'renewal', daysAgo: 5, outcome: 'awaiting_payment' },
    ],
  },
  {
    productCode: 'conservazione',
    label: 'Conservazione documenti - Studio Rossi',
    status: 'active',
    activatedYearsAgo: 1,
    expiresInDays: 210,
    orders: [
      { kind: 'purchase', daysAgo: 155, outcome: 'paid' },
      { kind: 'purchase', daysAgo: 160, outcome: 'cancelled' },
    ],
  },
  {
    productCode: 'fatturazione_pa',
    label: 'Fatturazione PA - P.IVA 01234567890',
    status: 'active',
    activatedYearsAgo: 1,
    expiresInDays: 9,
    orders: [
      { kind: 'purchase', daysAgo: 365 - 9, outcome: 'paid' },
      { kind: 'renewal', daysAgo: 3, outcome: 'awaiting_payment' },
    ],
  },
  {
    productCode: 'firma_digitale',
    label: 'Firma Digitale Remota - Mario Rossi',
    status: 'pending',
    orders: [{ kind: 'purchase', daysAgo: 2, outcome: 'awaiting_payment' }],
  },
  {
    productCode: 'marca_temporale',
    label: 'Marche temporali - 100 marche',
    status: 'active',
    activatedYearsAgo: 1,
    expiresInDays: 120,
    orders: [{ kind: 'purchase', daysAgo: 245, outcome: 'paid' }],
  },
];

const GIULIA_SERVICES: DemoService[] = [
  {
    productCode: 'pec',
    label: 'giulia.bianchi@pec.example.it',
    status: 'active',
    activatedYearsAgo: 1,
    expiresInDays: 30,
    orders: [
      { kind: 'purchase', daysAgo: 365 - 30, outcome: 'paid' },
      { kind: 'renewal', daysAgo: 4, outcome: 'awaiting_payment' },
    ],
  },
  {
    productCode: 'spid',
    label: 'SPID - Giulia Bianchi (BNCGLI85M41F205X)',
    status: 'active',
    activatedYearsAgo: 1,
    expiresInDays: 200,
    orders: [{ kind: 'purchase', daysAgo: 165, outcome: 'paid' }],
  },
];

/**
 * Loads the demo catalogue and customers once. Idempotent: when Mario already exists nothing is written and
 * `created` is false. An advisory lock makes two processes starting together on one PostgreSQL seed only once.
 * Dates are relative to the clock's business day (in `timeZone`), so the demo looks current whatever the year.
 */
export async function seedDemoData(
  db: Kysely<MerchantDatabase>,
  options: { clock: Clock; timeZone: string },
): Promise<{ created: boolean }> {
  // Every restart asks: answered without hashing four passwords (argon2 is slow on purpose, and a restart needs none of
  // them). The transaction below asks again under the lock, which is what makes the answer race-free.
  if (await findCustomerByEmail(db, DEMO_MARIO.email)) return { created: false };
  // Hash outside the transaction: argon2 is deliberately slow and would hold the lock for nothing.
  // The history's customers share one hash of a secret nobody keeps: they cannot sign in.
  const [historyHash, operatorHash, ...hashes] = await Promise.all([
    hashPassword(randomBytes(24).toString('base64url')),
    hashPassword(DEMO_OPERATOR.password),
    ...DEMO_CUSTOMERS.map((c) => hashPassword(c.password)),
  ]);
  const history = planDemoHistory(options);
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('cassa:demo-data'))`.execute(trx);
    if (await findCustomerByEmail(trx, DEMO_MARIO.email)) return { created: false };
    for (const product of DEMO_PRODUCTS) await insertProductIfMissing(trx, product);
    const services = [MARIO_SERVICES, GIULIA_SERVICES];
    const orders: { customerId: number; subscriptionId: number; order: DemoOrder }[] = [];
    for (const [index, demo] of DEMO_CUSTOMERS.entries()) {
      const customer = await insertCustomer(trx, {
        email: demo.email,
        passwordHash: hashes[index]!,
        name: demo.name,
        locale: demo.locale,
        phone: index === 0 ? '+39 333 123 4567' : '+39 347 765 4321',
      });
      await saveBillingProfile(trx, customer.id, DEMO_BILLING[index]!, options.clock.now());
      for (const service of services[index]!) {
        const subscriptionId = await seedService(trx, customer.id, service, options);
        for (const order of service.orders) orders.push({ customerId: customer.id, subscriptionId, order });
      }
    }
    // Oldest first across all customers, so that order numbers grow with their dates as they would in real life.
    orders.sort((a, b) => b.order.daysAgo - a.order.daysAgo);
    const numbers = new HistoryNumbers(history);
    for (const order of orders) {
      await numbers.before(trx, orderInstant(order.order, options.clock));
      await seedOrder(trx, order, options);
    }
    await seedPromotions(trx, options);
    await seedDemoHistory(trx, history, {
      numbers,
      passwordHash: historyHash as string,
      timeZone: options.timeZone,
    });
    await insertOperator(trx, {
      email: DEMO_OPERATOR.email,
      name: DEMO_OPERATOR.name,
      role: 'admin',
      passwordHash: operatorHash as string,
      now: options.clock.now(),
    });
    return { created: true };
  });
}

async function seedService(
  trx: Transaction<MerchantDatabase>,
  customerId: number,
  service: DemoService,
  { clock, timeZone }: { clock: Clock; timeZone: string },
): Promise<number> {
  const today = businessDate(clock.now(), timeZone);
  const expiresOn = service.expiresInDays === undefined ? null : addDays(today, service.expiresInDays);
  const subscription = await insertSubscription(trx, {
    customerId,
    productCode: service.productCode,
    label: service.label,
    status: service.status,
    activatedOn: expiresOn && addYears(expiresOn, -(service.activatedYearsAgo ?? 1)),
    expiresOn,
  });
  return subscription.id;
}

function orderInstant(demo: DemoOrder, clock: Clock): Date {
  return new Date(clock.now().getTime() - demo.daysAgo * 86_400_000);
}

async function seedOrder(
  trx: Transaction<MerchantDatabase>,
  { customerId, subscriptionId, order: demo }: { customerId: number; subscriptionId: number; order: DemoOrder },
  { clock, timeZone }: { clock: Clock; timeZone: string },
): Promise<void> {
  const at = orderInstant(demo, clock);
  const order = await createOrder(
    trx,
    { customerId, subscriptionId, kind: demo.kind, periodYears: 1 },
    { clock: { now: () => at }, timeZone },
  );
  if (demo.outcome === 'awaiting_payment') return;
  // A paid order was paid a few minutes after it was made; a cancelled one was dropped a few days later.
  const settledAt = new Date(at.getTime() + (demo.outcome === 'paid' ? 7 * 60_000 : 3 * 86_400_000));
  const result = await transitionOrder(trx, {
    orderId: order.id,
    from: 'awaiting_payment',
    to: demo.outcome,
    reason: demo.outcome === 'paid' ? 'demo: paid by card' : 'demo: cancelled by the customer',
    at: settledAt,
  });
  if (!result.ok) throw new Error(`demo order ${order.number}: ${result.reason}`);
}

/** The seed page's campaign, valid from two weeks ago to six weeks ahead, and an autumn one over a month ago. */
async function seedPromotions(
  trx: Transaction<MerchantDatabase>,
  { clock, timeZone }: { clock: Clock; timeZone: string },
) {
  const today = businessDate(clock.now(), timeZone);
  const common = { ended_at: null, created_at: new Date(clock.now().getTime() - 60 * 86_400_000) };
  await insertPromotion(trx, {
    ...common,
    campaign: '#IoRestoACasa',
    code: DEMO_PROMOTION_CODES.valid,
    product_code: 'pec',
    discount_kind: 'percent',
    percent_bp: 2000,
    amount_cents: null,
    applies_to: 'renewal',
    valid_from: addDays(today, -14),
    valid_until: addDays(today, 45),
  });
  await insertPromotion(trx, {
    ...common,
    campaign: '#BlackFriday',
    code: DEMO_PROMOTION_CODES.expired,
    product_code: null,
    discount_kind: 'percent',
    percent_bp: 1500,
    amount_cents: null,
    applies_to: 'both',
    valid_from: addDays(today, -60),
    valid_until: addDays(today, -31),
  });
}
