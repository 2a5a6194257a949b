import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../../../db/database.ts';
import { merchantMigrations } from '../../../db/migrations/index.ts';
import type { MerchantDatabase } from '../../../db/schema.ts';
import { openTestDatabase } from '../../../db/test-databases.ts';
import { drainQueue } from '../../../jobs/worker.ts';
import { ManualClock } from '../../../shared/clock.ts';
import type { EventType } from '../../events/event-types.ts';
import { recordEvent } from '../../events/record-event.ts';
import type { WebhookDeps } from '../webhook-deps.ts';
import { webhookQueue } from '../webhook-queue.ts';

/** Test support: a migrated database, a manual clock, webhook deps and a way to run the delivery queue. */
export interface WebhookKit {
  db: Kysely<MerchantDatabase>;
  clock: ManualClock;
  deps: WebhookDeps;
  /** Runs every due `webhook.deliver` job at the clock's now (and the ones they make due). */
  drain(): Promise<number>;
  emit(type: EventType, objectId: string, data?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

const silent = { debug() {}, info() {}, warn() {}, error() {} };

export async function openWebhookKit(kind: DatabaseKind, overrides: Partial<WebhookDeps> = {}): Promise<WebhookKit> {
  const { db, close } = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations);
  const clock = new ManualClock('2026-12-02T10:00:00Z');
  const deps: WebhookDeps = {
    db,
    clock,
    allowPrivateTargets: true,
    timeoutMs: 2_000,
    operationsEmail: 'operations@cassa.local',
    random: () => 0.5,
    ...overrides,
  };
  const worker = { db, clock, logger: silent, workerId: 'webhook-kit' };
  return {
    db,
    clock,
    deps,
    drain: () => drainQueue(worker, webhookQueue(deps)),
    async emit(type, objectId, data = { object: { id: objectId } }) {
      const event = await db
        .transaction()
        .execute((trx) => recordEvent(trx, { type, objectId, data, at: clock.now() }));
      return event.id;
    },
    close,
  };
}
