import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Migration } from 'kysely';
import type { TestProject } from 'vitest/node';
import { BANK_SCHEMA } from '../../bank/db/bank-database.ts';
import { bankMigrations } from '../../bank/db/migrations/index.ts';
import { sdiMigrations } from '../../sdi-sandbox/db/migrations/index.ts';
import { SDI_SCHEMA } from '../../sdi-sandbox/db/sdi-database.ts';
import { merchantMigrations } from '../migrations/index.ts';
import {
  createPostgresTemplate,
  dropPostgresDatabase,
  migratedPGliteDump,
  SYSTEM_MIGRATION_SETS,
  systemTemplateKey,
} from '../test-databases.ts';
import { type TestTemplates, templateKey } from './test-templates.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** What this run's global setup built (see test-templates.ts); undefined with CASSA_TEST_TEMPLATES=off. */
    cassaTestTemplates: TestTemplates | undefined;
  }
}

/**
 * The databases tests open, by migration set. Each set's migrations are whatever its index exports today: a new
 * migration is in the next run's templates without a change here.
 */
const TEMPLATE_SETS: { label: string; migrations: Record<string, Migration>; schema?: string }[] = [
  { label: 'merchant', migrations: merchantMigrations },
  { label: 'bank', migrations: bankMigrations, schema: BANK_SCHEMA },
  { label: 'sdi', migrations: sdiMigrations, schema: SDI_SCHEMA },
];

/**
 * Vitest global setup: once per run, before any test file, migrates a PGlite cluster per set and dumps it to a
 * temporary directory, and, when TEST_DATABASE_URL is set, creates a migrated template database per set on that
 * server. Test databases are then copies (openTestDatabase). The teardown removes both.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  // Opt-out for a quick run of a few files that open no database: each test database then builds its own.
  if (process.env.CASSA_TEST_TEMPLATES === 'off') return undefined;
  const runId = randomBytes(6).toString('hex');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cassa-test-templates-'));
  const serverUrl = process.env.TEST_DATABASE_URL;
  const templates: TestTemplates = { pglite: {}, postgres: {} };
  const created: string[] = [];
  const teardown = async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (serverUrl) for (const name of created) await dropPostgresDatabase(serverUrl, name);
  };
  // PGlite works in this process, PostgreSQL on the server: both at once, each finished before any teardown.
  const outcomes = await Promise.allSettled([
    (async () => {
      for (const set of TEMPLATE_SETS) {
        const file = path.join(dir, `${set.label}.tar`);
        const dump = await migratedPGliteDump(set.migrations);
        fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
        templates.pglite[templateKey('pglite', set.migrations)] = file;
      }
      // The whole system's embedded database (the merchant's and the bank's schemas), for end-to-end tests.
      const file = path.join(dir, 'system.tar');
      fs.writeFileSync(file, Buffer.from(await (await migratedPGliteDump(SYSTEM_MIGRATION_SETS)).arrayBuffer()));
      templates.pglite[systemTemplateKey()] = file;
    })(),
    (async () => {
      if (!serverUrl) return;
      for (const set of TEMPLATE_SETS) {
        const name = `cassa_tpl_${set.label}_${runId}`;
        created.push(name);
        await createPostgresTemplate(serverUrl, name, set.migrations, set.schema);
        templates.postgres[templateKey('postgres', set.migrations, set.schema)] = name;
      }
    })(),
  ]);
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) {
    await teardown();
    throw failed.reason;
  }
  project.provide('cassaTestTemplates', templates);
  return teardown;
}
