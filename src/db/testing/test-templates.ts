import { createHash } from 'node:crypto';
import type { Migration } from 'kysely';
import type { DatabaseKind } from '../database.ts';

/**
 * Test support: the migrated databases that a run's global setup (global-setup.ts) built once, for every test worker
 * to copy its databases from instead of migrating each one. Handed to workers through vitest's `provide`/`inject`
 * (setup-templates.ts); without them (another runner, a bench script) test databases build their own template.
 */
export interface TestTemplates {
  /** templateKey → path of a dump (`dumpDataDir`, uncompressed tar) of a migrated PGlite cluster. */
  pglite: Record<string, string>;
  /** templateKey → a migrated database on TEST_DATABASE_URL's server, copied with `create database … template …`. */
  postgres: Record<string, string>;
}

/**
 * Names the template a set of migrations produces, so that a worker copies a template only when it was built from
 * exactly the migrations it asks for (a file with migrations of its own, or a run that predates a new migration,
 * falls back to migrating). On PGlite every set lives in `public`; on PostgreSQL the schema is part of the template.
 */
export function templateKey(kind: DatabaseKind, migrations: Record<string, Migration>, schema?: string): string {
  const names = Object.keys(migrations).sort();
  const where = kind === 'postgres' ? (schema ?? 'public') : null;
  return createHash('sha256').update(JSON.stringify({ kind, where, names })).digest('hex').slice(0, 16);
}

let provided: TestTemplates | undefined;

/** Called once per test file, before any test opens a database (setup-templates.ts). */
export function useTestTemplates(templates: TestTemplates | undefined): void {
  provided = templates;
}

export function providedTemplates(): TestTemplates | undefined {
  return provided;
}
