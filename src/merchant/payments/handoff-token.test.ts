import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { merchantMigrations } from '../../db/migrations/index.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/test-databases.ts';
import { ManualClock } from '../../shared/clock.ts';
import { seedDemoData } from '../demo/demo-data.ts';
import { createHandoffToken, redeemHandoffToken } from './handoff-token.ts';

describe.each(testDatabaseKinds())('the Area Clienti → Pagamenti hand-off on %s', (kind) => {
  let database: Database<MerchantDatabase>;
  const clock = new ManualClock('2026-11-28T09:00:00Z');
  let customerId: number;

  beforeAll(async () => {
    database = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations);
    await seedDemoData(database.db, { clock, timeZone: 'Europe/Rome' });
    customerId = (await database.db.selectFrom('customers').select('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(() => database.close());

  const mint = () =>
    createHandoffToken(database.db, clock, { customerId, orderNumber: 'ORD-2026-000001', locale: 'it' });

  it('is accepted once, then refused as used, even when two redeem it at the same moment', async () => {
    const token = await mint();
    const results = await Promise.all([1, 2, 3].map(() => redeemHandoffToken(database.db, clock, token)));
    expect(results.filter((r) => r.ok)).toEqual([
      { ok: true, handoff: { customerId, orderNumber: 'ORD-2026-000001', locale: 'it' } },
    ]);
    expect(results.filter((r) => !r.ok)).toEqual([
      { ok: false, reason: 'used' },
      { ok: false, reason: 'used' },
    ]);
  });

  it('expires after 60 seconds', async () => {
    const token = await mint();
    clock.advance(60_001);
    expect(await redeemHandoffToken(database.db, clock, token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses anything it did not sign: another customer, a changed signature, garbage', async () => {
    const token = await mint();
    const [body, signature] = token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    const otherBody = Buffer.from(JSON.stringify({ ...claims, c: customerId + 1 })).toString('base64url');
    for (const forged of [
      `${otherBody}.${signature}`,
      `${body}.${signature.slice(0, -2)}xx`,
      'x',
      '',
      42,
      `${token}.x`,
    ]) {
      expect(await redeemHandoffToken(database.db, clock, forged)).toEqual({ ok: false, reason: 'invalid' });
    }
    expect((await redeemHandoffToken(database.db, clock, token)).ok).toBe(true);
  });
});
