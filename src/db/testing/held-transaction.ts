import { type Kysely, sql } from 'kysely';

/**
 * Test support: a transaction that has run a statement and holds its connection until `release()`, for tests about
 * what others see while a connection is taken (pool gauges, waiting callers). `done` settles once it has committed.
 */
export async function holdTransaction(db: Kysely<unknown>): Promise<{ release(): void; done: Promise<void> }> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let started!: () => void;
  const inside = new Promise<void>((resolve) => {
    started = resolve;
  });
  const done = db.transaction().execute(async (trx) => {
    await sql`select 1`.execute(trx);
    started();
    await held;
  });
  await inside;
  return { release, done };
}
