import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DatabaseTarget } from '../db/database.ts';
import type { SdiChannel } from '../merchant/invoices/sdi-channel.ts';
import type { Clock } from '../shared/clock.ts';
import type { SdiDatabase } from './db/schema.ts';
import { openSdiDatabase } from './db/sdi-database.ts';
import { SandboxSdiChannel } from './sandbox-sdi-channel.ts';

export interface RunningSandboxSdi {
  /** The SdI port over this sandbox, for the job that transmits and polls. */
  channel: SdiChannel;
  /** The sandbox's own tables, for tests and tools to inspect (never to open a second time). */
  db: Kysely<SdiDatabase>;
  close(): Promise<void>;
}

/**
 * The sandbox SdI of this process: its database (an `sdi` schema: see sdiDatabaseTarget) opened and migrated, and
 * the port over it. The composition root calls it when the sandbox runs and closes it at stop.
 */
export async function openSandboxSdi(options: {
  target: DatabaseTarget;
  clock: Clock;
  delaySeconds: number;
  logger?: Pick<Logger, 'warn'>;
}): Promise<RunningSandboxSdi> {
  const database = await openSdiDatabase(options.target);
  const deps = { db: database.db, clock: options.clock, delaySeconds: options.delaySeconds };
  return { channel: new SandboxSdiChannel(deps, options.logger), db: database.db, close: () => database.close() };
}
