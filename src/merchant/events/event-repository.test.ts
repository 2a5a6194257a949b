import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { merchantMigrations } from '../../db/migrations/index.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/test-databases.ts';
import { findEvent } from './event-repository.ts';
import { recordEvent } from './record-event.ts';

describe.each(testDatabaseKinds())('events on %s', (kind) => {
  let db: Kysely<MerchantDatabase>;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations));
  });
  afterAll(() => close());

  it('an event commits with the change it tells of, and not without it', async () => {
    const at = new Date('2026-12-02T10:00:00Z');
    const kept = await db
      .transaction()
      .execute((trx) =>
        recordEvent(trx, { type: 'order.created', objectId: 'ord_1', data: { order: { id: 'ord_1' } }, at }),
      );
    expect(kept.id).toMatch(/^evt_[A-Za-z0-9]{24}$/);
    expect(await findEvent(db, kept.id)).toMatchObject({ type: 'order.created', data: { order: { id: 'ord_1' } } });

    let lostId = '';
    await expect(
      db.transaction().execute(async (trx) => {
        lostId = (await recordEvent(trx, { type: 'order.paid', objectId: 'ord_1', data: {}, at })).id;
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await findEvent(db, lostId)).toBeUndefined();
  });

  it('the database refuses an event type that is not one', async () => {
    const at = new Date('2026-12-02T10:00:00Z');
    await expect(
      db
        .insertInto('events')
        .values({ id: 'evt_AAAAAAAAAAAAAAAAAAAAAAAA', type: 'Paid!', object_id: 'x', data: '{}', created_at: at })
        .execute(),
    ).rejects.toThrow();
  });
});
