import { sql } from 'kysely';
import type { TestBank } from './bank-test-kit.ts';

/**
 * Test support: dumps every table of the bank (every column except the vault's ciphertext) and every log line, and
 * fails if any card number used, or any CVV typed, appears anywhere — whole, or with spaces as a person types it.
 */
export async function assertNoCardDataLeaked(
  bank: TestBank,
  numbers: readonly string[],
  cvvs: readonly string[],
): Promise<void> {
  const tables = await bank.database.db.introspection.getTables();
  const dump: string[] = [];
  for (const table of tables) {
    if (table.name.startsWith('kysely_')) continue;
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table.name)}`.execute(
      bank.database.db,
    );
    for (const row of rows) {
      if (table.name === 'cards') delete row.pan_ciphertext;
      dump.push(`${table.name} ${JSON.stringify(row)}`);
    }
  }
  if (dump.length === 0) throw new Error('the dump is empty: the leak check would prove nothing');
  const haystacks = [...dump, ...bank.logs];
  for (const number of numbers) {
    const spaced = number.replace(/(\d{4})(?=\d)/g, '$1 ');
    for (const text of haystacks) {
      if (text.includes(number) || text.includes(spaced))
        throw new Error(`card number ${number.slice(-4)} found in: ${text.slice(0, 200)}`);
    }
  }
  for (const cvv of cvvs) {
    // The CVV as a value of its own (a field, a JSON string), not as three digits inside an id or a timestamp.
    const alone = new RegExp(`(^|[^0-9A-Za-z.:])${cvv}($|[^0-9A-Za-z.:])`);
    for (const text of haystacks) {
      if (alone.test(text)) throw new Error(`CVV found in: ${text.slice(0, 300)}`);
    }
  }
}
