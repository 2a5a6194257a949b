import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { StatementCounter } from '../../db/testing/statement-counter.ts';
import { recordEvent } from '../events/record-event.ts';
import { createWebhookEndpoint } from './create-webhook-endpoint.ts';
import { openWebhookKit, type WebhookKit } from './testing/webhook-kit.ts';

/**
 * The fan-out's copy of the enabled endpoints (endpoint-cache.ts): read once per version, and a change committed by
 * anyone — another process on the same database (PostgreSQL: a second pool; the embedded database has one process),
 * plain SQL that no Cassa code wrote — counts from the very next event.
 */
describe.each(testDatabaseKinds())('cached webhook endpoints on %s', (kind) => {
  let kit: WebhookKit;
  /** Another process's connection to the same database (PGlite: the same instance, which no other process opens). */
  let other: { db: Kysely<MerchantDatabase>; close(): Promise<void> };
  beforeAll(async () => {
    kit = await openWebhookKit(kind);
    other = kind === 'pglite' ? { db: kit.db, close: async () => {} } : await secondPool(kit.db);
  });
  afterAll(async () => {
    await other?.close();
    await kit?.close();
  });

  async function endpointFor(events: string[]): Promise<number> {
    const created = await createWebhookEndpoint(kit.deps, { url: 'http://127.0.0.1:9/hook', events });
    if (!created.ok) throw new Error(created.message);
    return Number(
      (await kit.db.selectFrom('webhook_endpoints').select('id').orderBy('id', 'desc').limit(1).execute())[0]?.id,
    );
  }

  async function deliveredTo(eventId: string): Promise<number[]> {
    const rows = await kit.db
      .selectFrom('webhook_deliveries')
      .select('endpoint_id')
      .where('event_id', '=', eventId)
      .orderBy('endpoint_id')
      .execute();
    return rows.map((row) => Number(row.endpoint_id));
  }

  it('reads the endpoints once per version: a second event runs no select', async () => {
    const id = await endpointFor(['order.paid']);
    const counter = new StatementCounter();
    const counted = kit.db.withPlugin(counter);
    const emit = () =>
      counted
        .transaction()
        .execute((trx) => recordEvent(trx, { type: 'order.paid', objectId: 'ord_1', data: {}, at: kit.clock.now() }));
    const first = await emit();
    expect(counter.byKind().select).toBe(1);
    counter.reset();
    const second = await emit();
    expect(counter.byKind().select).toBeUndefined();
    expect(await deliveredTo(first.id)).toEqual([id]);
    expect(await deliveredTo(second.id)).toEqual([id]);
  });

  it("honours another connection's changes from the next event: disabled, types changed, a new endpoint", async () => {
    await kit.db.updateTable('webhook_endpoints').set({ status: 'disabled' }).execute();
    const id = await endpointFor(['order.paid']);
    expect(await deliveredTo(await kit.emit('order.paid', 'ord_2'))).toEqual([id]);

    await sql`update webhook_endpoints set status = 'disabled' where id = ${id}`.execute(other.db);
    expect(await deliveredTo(await kit.emit('order.paid', 'ord_2'))).toEqual([]);

    await sql`update webhook_endpoints set status = 'enabled', event_types = '{order.created}' where id = ${id}`.execute(
      other.db,
    );
    expect(await deliveredTo(await kit.emit('order.paid', 'ord_2'))).toEqual([]);
    expect(await deliveredTo(await kit.emit('order.created', 'ord_2'))).toEqual([id]);

    const added = await sql<{ id: number }>`
      insert into webhook_endpoints (url, event_types, secret, created_at, updated_at)
      values ('http://127.0.0.1:9/other', '{*}', 'whsec_test', now(), now()) returning id`.execute(other.db);
    const all = Number(added.rows[0]?.id);
    expect(await deliveredTo(await kit.emit('order.paid', 'ord_2'))).toEqual([all]);
    expect(await deliveredTo(await kit.emit('order.created', 'ord_2'))).toEqual([id, all].sort((a, b) => a - b));
  });

  it('a change seen by its own transaction only, and forgotten when it rolls back', async () => {
    await kit.db.updateTable('webhook_endpoints').set({ status: 'disabled' }).execute();
    const id = await endpointFor(['order.paid']);
    expect(await deliveredTo(await kit.emit('order.paid', 'ord_3'))).toEqual([id]);
    let inside: string | undefined;
    await expect(
      kit.db.transaction().execute(async (trx) => {
        await trx.updateTable('webhook_endpoints').set({ status: 'disabled' }).where('id', '=', id).execute();
        inside = (await recordEvent(trx, { type: 'order.paid', objectId: 'ord_3', data: {}, at: kit.clock.now() })).id;
        expect(
          await trx.selectFrom('webhook_deliveries').select('id').where('event_id', '=', inside).execute(),
        ).toEqual([]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(inside).toBeDefined();
    expect(await deliveredTo(await kit.emit('order.paid', 'ord_3'))).toEqual([id]);
  });
});

/** A pool of its own on the kit's PostgreSQL database, as another Cassa process would have. */
async function secondPool(
  db: Kysely<MerchantDatabase>,
): Promise<{ db: Kysely<MerchantDatabase>; close(): Promise<void> }> {
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db);
  const url = new URL(process.env.TEST_DATABASE_URL as string);
  url.pathname = `/${rows[0]?.name}`;
  return openDatabase<MerchantDatabase>({ kind: 'postgres', url: url.toString(), poolSize: 1 });
}
