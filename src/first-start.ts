import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bankDatabaseTarget, openBankDatabase } from './bank/db/bank-database.ts';
import type { Config } from './config.ts';
import { openDatabase } from './db/database.ts';
import { merchantMigrations } from './db/migrations/index.ts';
import { migrateToLatest } from './db/migrator.ts';
import type { MerchantDatabase } from './db/schema.ts';
import { embeddedDatabaseDir, merchantDatabaseTarget, usesEmbeddedDatabase } from './db/targets.ts';
import { seedDemoData } from './merchant/demo/demo-data.ts';
import { openSdiDatabase, sdiDatabaseTarget } from './sdi-sandbox/db/sdi-database.ts';
import type { Clock } from './shared/clock.ts';

export interface PreparedDatabase {
  /** Whether the demo data were loaded now (the start banner then prints the demo sign-ins). */
  demoDataCreated: boolean;
}

/**
 * Every schema this configuration uses, migrated, and the demo data when asked for: what the first start of a data
 * directory must do before anything opens its database. `startSystem` runs it again on every start, where it finds
 * nothing to do; a first start of the embedded database runs it in a child process first (`prepareFirstStartInChild`).
 */
export async function prepareDatabases(config: Config, clock: Clock): Promise<PreparedDatabase> {
  const merchant = await openDatabase<MerchantDatabase>(merchantDatabaseTarget(config));
  try {
    // Under Kysely's advisory lock: of several processes starting at once on one PostgreSQL, one migrates.
    await migrateToLatest(merchant.db as never, merchantMigrations);
    const demoDataCreated = config.seedDemoData
      ? (await seedDemoData(merchant.db, { clock, timeZone: config.businessTimeZone })).created
      : false;
    if (config.runSandboxBank) await (await openBankDatabase(bankDatabaseTarget(config))).close();
    if (runsSandboxSdi(config)) await (await openSdiDatabase(sdiDatabaseTarget(config))).close();
    return { demoDataCreated };
  } finally {
    await merchant.close();
  }
}

/** The in-process sandbox SdI runs beside the worker, where invoices are transmitted from (docs/invoices.md). */
export function runsSandboxSdi(config: Config): boolean {
  return config.roles.set.has('worker') && config.sdi.runSandbox;
}

/**
 * The first start of an embedded database (its directory holds no cluster yet), prepared in a child process: a PGlite
 * instance's WebAssembly memory grows with the work it does and never shrinks, and migrating three schemas and
 * loading the demo data grow it by some 200 MB that a restart of the same directory never needs (`npm run bench --
 * memory`). A worker thread does not give it back (measured: a thread's PGlite leaves its process 170 MB larger after
 * the thread has ended); a process's memory goes with the process. This process then opens the prepared directory as
 * a restart does. Undefined when there is nothing to prepare: PostgreSQL, or a directory that already holds its
 * database.
 */
export async function prepareFirstStartInChild(config: Config, clock: Clock): Promise<PreparedDatabase | undefined> {
  if (!usesEmbeddedDatabase(config)) return undefined;
  if (fs.existsSync(path.join(embeddedDatabaseDir(config.dataDir), 'PG_VERSION'))) return undefined;
  const child = fork(fileURLToPath(childEntry()), [], {
    // From the sources, the child needs tsx's loader, which a child does not inherit unless told.
    execArgv: import.meta.url.endsWith('.ts') ? ['--import', import.meta.resolve('tsx')] : [],
    serialization: 'advanced',
    stdio: 'inherit',
  });
  child.send({ config, now: clock.now().toISOString() } satisfies FirstStartInput);
  return new Promise<PreparedDatabase>((resolve, reject) => {
    let prepared: PreparedDatabase | undefined;
    child.once('message', (answer: PreparedDatabase) => {
      prepared = answer;
    });
    child.once('error', reject);
    // On the child's exit, not on its answer: its database directory is closed only then.
    child.once('exit', (code, signal) => {
      if (prepared) resolve(prepared);
      else reject(new Error(`preparing the embedded database failed (exit ${signal ?? code}; its error is above)`));
    });
  });
}

export interface FirstStartInput {
  config: Config;
  /** The system clock's "now": the demo data's dates are relative to it (a test's clock is not the wall clock). */
  now: string;
}

/** `first-start-child.js` beside this file when built, the `.ts` file from the sources. */
function childEntry(): URL {
  return new URL(`./first-start-child.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);
}
