import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/test-databases.ts';
import { bankMigrations } from '../db/migrations/index.ts';
import type { BankDatabase } from '../db/schema.ts';
import { ensureMerchant } from './ensure-merchant.ts';
import { findMerchant } from './merchant-repository.ts';

describe.each(testDatabaseKinds())('merchant provisioning on %s', (kind) => {
  let database: Database<BankDatabase>;
  beforeAll(async () => {
    database = await openTestDatabase<BankDatabase>(kind, bankMigrations, { schema: 'bank' });
  });
  afterAll(async () => {
    await database.close();
  });

  const secret = 'a-secret-of-32-characters-long!!';

  it('registers a merchant once, however often it is called, even concurrently', async () => {
    const registration = {
      id: 'cassa',
      name: 'Cassa',
      secrets: [secret],
      allowedOrigins: ['http://Localhost:3001/pay'],
    };
    await Promise.all([ensureMerchant(database.db, registration), ensureMerchant(database.db, registration)]);
    await ensureMerchant(database.db, registration);
    expect(await findMerchant(database.db, 'cassa')).toEqual({
      id: 'cassa',
      name: 'Cassa',
      secrets: [secret],
      allowedOrigins: ['http://localhost:3001'],
      // Every call is a change as far as the bank processes' caches know: one insert, then two bumps.
      version: 3,
    });
  });

  it('replaces secrets (in order: the first signs) and origins on a later call', async () => {
    const next = 'the-next-secret-32-characters!!!';
    await ensureMerchant(database.db, {
      id: 'cassa',
      name: 'Cassa',
      secrets: [next, secret],
      allowedOrigins: ['https://pay.example.com'],
    });
    expect(await findMerchant(database.db, 'cassa')).toMatchObject({
      secrets: [next, secret],
      allowedOrigins: ['https://pay.example.com'],
    });
  });

  it('refuses no secret or a short one', async () => {
    await expect(
      ensureMerchant(database.db, { id: 'x', name: 'X', secrets: [], allowedOrigins: [] }),
    ).rejects.toThrow();
    await expect(
      ensureMerchant(database.db, { id: 'x', name: 'X', secrets: ['short'], allowedOrigins: [] }),
    ).rejects.toThrow();
  });
});
