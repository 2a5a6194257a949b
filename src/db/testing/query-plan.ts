import { type CompiledQuery, type Kysely, sql } from 'kysely';

/**
 * Test support: the plan of a compiled statement with sequential scans priced out (`enable_seqscan = off`, on one
 * connection and only for this statement). Test tables are small, so the planner would rightly scan them; a plan that
 * still reads a whole table then means no index fits. Give the database one connection (`poolSize: 1`) or none of
 * this matters: the setting is per session.
 */
export async function planWithoutSeqScans(db: Kysely<unknown>, compiled: CompiledQuery): Promise<string> {
  return db.connection().execute(async (connection) => {
    await sql`set enable_seqscan = off`.execute(connection);
    try {
      const rows = await connection.executeQuery<{ 'QUERY PLAN': string }>({
        ...compiled,
        sql: `explain ${compiled.sql}`,
      });
      return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      await sql`reset enable_seqscan`.execute(connection);
    }
  });
}
