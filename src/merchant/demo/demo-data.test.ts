import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { merchantMigrations } from '../../db/migrations/index.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/test-databases.ts';
import { businessYear } from '../../shared/business-time.ts';
import { ManualClock } from '../../shared/clock.ts';
import { findCustomerByEmail } from '../customers/customer-repository.ts';
import { verifyPassword } from '../customers/passwords.ts';
import { listValidPromotions } from '../promotions/list-promotions.ts';
import { DEMO_GIULIA, DEMO_MARIO, DEMO_PASSWORD, DEMO_PROMOTION_CODES, seedDemoData } from './demo-data.ts';

const ROME = 'Europe/Rome';

async function counts(db: Kysely<MerchantDatabase>) {
  const count = async (table: 'products' | 'customers' | 'subscriptions' | 'orders' | 'order_lines' | 'order_events') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    products: await count('products'),
    customers: await count('customers'),
    subscriptions: await count('subscriptions'),
    orders: await count('orders'),
    lines: await count('order_lines'),
    events: await count('order_events'),
  };
}

describe.each(testDatabaseKinds())('demo data on %s', (kind) => {
  let db: Kysely<MerchantDatabase>;
  let close: () => Promise<void>;
  const clock = new ManualClock('2031-03-15T08:00:00Z');
  let first: { created: boolean };

  beforeAll(async () => {
    ({ db, close } = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations));
    first = await seedDemoData(db, { clock, timeZone: ROME });
  });
  afterAll(() => close());

  it('loads six products, with automatic renewal only for PEC, SPID, Conservazione and Fatturazione PA', async () => {
    expect(first).toEqual({ created: true });
    const products = await db.selectFrom('products').selectAll().orderBy('code').execute();
    expect(products.map((p) => [p.code, p.auto_renew_available])).toEqual([
      ['conservazione', true],
      ['fatturazione_pa', true],
      ['firma_digitale', false],
      ['marca_temporale', false],
      ['pec', true],
      ['spid', true],
    ]);
    for (const p of products) {
      expect(p.vat_rate_bp).toBe(2200);
      expect(p.yearly_price_cents).toBeGreaterThan(1_000);
    }
  });

  it('gives Mario one service per product, paid history, and the four orders awaiting payment', async () => {
    const mario = await findCustomerByEmail(db, DEMO_MARIO.email);
    expect(mario).toMatchObject({ name: 'Mario Rossi', locale: 'it' });
    expect(await verifyPassword(mario!.password_hash, DEMO_PASSWORD)).toBe(true);
    expect(mario!.password_hash).toMatch(/^\$argon2id\$/);

    const services = await db.selectFrom('subscriptions').selectAll().where('customer_id', '=', mario!.id).execute();
    expect(services.map((s) => s.product_code).sort()).toEqual([
      'conservazione',
      'fatturazione_pa',
      'firma_digitale',
      'marca_temporale',
      'pec',
      'spid',
    ]);
    expect(services.find((s) => s.product_code === 'pec')?.label).toBe('mario.rossi@pec.example.it');

    const orders = await db
      .selectFrom('orders')
      .innerJoin('subscriptions', 'subscriptions.id', 'orders.subscription_id')
      .select(['orders.kind', 'orders.state', 'subscriptions.product_code', 'orders.created_at'])
      .where('orders.customer_id', '=', mario!.id)
      .execute();
    const awaiting = orders.filter((o) => o.state === 'awaiting_payment').map((o) => `${o.product_code}:${o.kind}`);
    expect(awaiting.sort()).toEqual([
      'fatturazione_pa:renewal',
      'firma_digitale:purchase',
      'pec:renewal',
      'spid:renewal',
    ]);
    expect(orders.filter((o) => o.state === 'paid').length).toBeGreaterThanOrEqual(4);
    for (const o of orders) expect(o.created_at.getTime()).toBeLessThanOrEqual(clock.now().getTime());
  });

  it('dates the demo relative to the clock, so it stays current in any year', async () => {
    const pec = await db
      .selectFrom('subscriptions')
      .selectAll()
      .where('label', '=', 'mario.rossi@pec.example.it')
      .executeTakeFirstOrThrow();
    expect(pec.expires_on! > '2031-03-15').toBe(true);
    expect(pec.expires_on! < '2031-05-15').toBe(true);
    const numbers = await db.selectFrom('orders').select('number').execute();
    expect(numbers.some((o) => o.number.startsWith('ORD-2031-'))).toBe(true);
  });

  it('numbers the demo orders in the order of their dates', async () => {
    const orders = await db
      .selectFrom('orders')
      .select(['number', 'created_at'])
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const sequence = orders.map((o) => Number(o.number.slice(-6)));
    expect(sequence).toEqual([...sequence].sort((a, b) => a - b));
    for (const o of orders) expect(o.number.slice(4, 8)).toBe(String(businessYear(o.created_at, ROME)));
  });

  it('gives Giulia her own services, English, and an order awaiting payment', async () => {
    const giulia = await findCustomerByEmail(db, DEMO_GIULIA.email);
    expect(giulia).toMatchObject({ name: 'Giulia Bianchi', locale: 'en' });
    const awaiting = await db
      .selectFrom('orders')
      .select('number')
      .where('customer_id', '=', giulia!.id)
      .where('state', '=', 'awaiting_payment')
      .execute();
    expect(awaiting.length).toBeGreaterThanOrEqual(1);
  });

  it('has #IoRestoACasa (20% on PEC renewals) valid around today, and one expired promotion with its own code', async () => {
    const promotions = await db.selectFrom('promotions').selectAll().orderBy('id').execute();
    expect(promotions).toMatchObject([
      {
        campaign: '#IoRestoACasa',
        code: DEMO_PROMOTION_CODES.valid,
        product_code: 'pec',
        percent_bp: 2000,
        applies_to: 'renewal',
        valid_from: '2031-03-01',
        valid_until: '2031-04-29',
      },
      { code: DEMO_PROMOTION_CODES.expired, valid_until: '2031-02-12' },
    ]);
    const valid = await listValidPromotions({ db, clock, timeZone: ROME });
    expect(valid.map((view) => view.promotion.code)).toEqual([DEMO_PROMOTION_CODES.valid]);
  });

  it('changes nothing when loaded again', async () => {
    const before = await counts(db);
    expect(await seedDemoData(db, { clock: new ManualClock('2032-01-01T00:00:00Z'), timeZone: ROME })).toEqual({
      created: false,
    });
    expect(await counts(db)).toEqual(before);
  });
});
