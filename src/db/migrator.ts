import { type Kysely, type Migration, type MigrationResultSet, Migrator, sql } from 'kysely';

/** A forward-only migration written as plain SQL statements that PostgreSQL 15 and PGlite both accept. */
export function sqlMigration(statements: readonly string[]): Migration {
  return {
    async up(db) {
      for (const statement of statements) await sql.raw(statement).execute(db);
    },
  };
}

/**
 * Applies pending migrations in name order (names start with a timestamp). Kysely's migrator takes an advisory lock,
 * so two processes starting at once on one PostgreSQL apply each migration once.
 */
export async function migrateToLatest(
  db: Kysely<unknown>,
  migrations: Record<string, Migration>,
  options: { schema?: string } = {},
): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    // Always explicit: without a schema Kysely takes another schema's migration table (the bank's, on the same
    // PostgreSQL database) for ours.
    migrationTableSchema: options.schema ?? 'public',
  });
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
