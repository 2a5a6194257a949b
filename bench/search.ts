import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { type Database, openDatabase } from '../src/db/database.ts';
import { merchantMigrations } from '../src/db/migrations/index.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import type { MerchantDatabase } from '../src/db/schema.ts';
import { searchBackoffice } from '../src/merchant/backoffice/search/search-backoffice.ts';
import { seedDemoData } from '../src/merchant/demo/demo-data.ts';
import { DEFAULT_BUSINESS_TIME_ZONE } from '../src/shared/business-time.ts';
import { systemClock } from '../src/shared/clock.ts';
import { buildSearchData } from './search-data.ts';

/**
 * `npm run bench -- search [--orders 100000] [--iterations 100] [--pg <server url>]`: the back office's search
 * (issue 12: "under 100 ms on 100,000 orders") on PGlite and, with `--pg` or DATABASE_URL, on PostgreSQL, where it
 * creates its own database `search_bench` on that server and drops it at the end. Each query kind runs `iterations`
 * times with inputs drawn from the data (a different order, card, email… each time), after a discarded warm-up, next
 * to the floor: a trivial select by primary key through the same driver. Prints p50/p95 in ms and the load average.
 */
export async function run(args: string[]): Promise<void> {
  const orders = numberArg(args, '--orders', 100_000);
  const iterations = numberArg(args, '--iterations', 100);
  const pgArg = args.indexOf('--pg');
  const pgUrl = pgArg >= 0 ? args[pgArg + 1] : process.env.DATABASE_URL;
  print(
    `search benchmark: ${orders} orders, ${iterations} runs per query kind${pgUrl ? '' : ' (PostgreSQL skipped: --pg <url> or DATABASE_URL)'}`,
  );
  print(`load average at start: ${loadAverage()}`);
  const tables: string[] = [];
  tables.push(
    await benchEngine(
      'pglite',
      await openDatabase<MerchantDatabase>({ kind: 'pglite', dataDir: undefined }),
      orders,
      iterations,
    ),
  );
  if (pgUrl)
    tables.push(await withBenchDatabase(pgUrl, (database) => benchEngine('postgres', database, orders, iterations)));
  print('');
  for (const table of tables) print(table);
  print(`load average at end: ${loadAverage()}`);
}

const BENCH_DATABASE = 'search_bench';

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function numberArg(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(args[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} needs a positive whole number`);
  return value;
}

/** As `uptime` prints it: the 1, 5 and 15 minute load averages, on this many cores. */
function loadAverage(): string {
  return `${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(', ')} (${os.cpus().length} cores)`;
}

async function withBenchDatabase<T>(
  serverUrl: string,
  fn: (database: Database<MerchantDatabase>) => Promise<T>,
): Promise<T> {
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`drop database if exists ${BENCH_DATABASE} with (force)`);
  await admin(`create database ${BENCH_DATABASE}`);
  const url = new URL(serverUrl);
  url.pathname = `/${BENCH_DATABASE}`;
  const database = await openDatabase<MerchantDatabase>({ kind: 'postgres', url: url.toString(), poolSize: 2 });
  try {
    return await fn(database);
  } finally {
    await database.close();
    await admin(`drop database if exists ${BENCH_DATABASE} with (force)`);
  }
}

async function benchEngine(
  kind: string,
  database: Database<MerchantDatabase>,
  orders: number,
  iterations: number,
): Promise<string> {
  const { db } = database;
  try {
    let started = performance.now();
    await migrateToLatest(db as never, merchantMigrations);
    await seedDemoData(db, { clock: systemClock, timeZone: DEFAULT_BUSINESS_TIME_ZONE });
    await buildSearchData(db, orders);
    const counts = await sql<{ orders: number; customers: number; services: number; attempts: number }>`
      select (select count(*) from orders)::int8 as orders, (select count(*) from customers)::int8 as customers,
        (select count(*) from subscriptions)::int8 as services, (select count(*) from payment_attempts)::int8 as attempts
    `.execute(db);
    const c = counts.rows[0];
    print(
      `${kind}: built ${c?.orders} orders, ${c?.customers} customers, ${c?.services} services, ${c?.attempts} attempts ` +
        `in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    started = performance.now();
    const kinds = await queryKinds(db, iterations);
    const rows: string[][] = [];
    for (const { name, inputs, expect } of kinds) {
      const run =
        name === FLOOR ? (input: string) => floorQuery(db, input) : (input: string) => searchOnce(db, input, expect);
      for (const input of inputs.slice(0, Math.min(10, inputs.length))) await run(input);
      const times: number[] = [];
      for (const input of inputs) {
        const t0 = performance.now();
        await run(input);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      rows.push([name, ms(percentile(times, 0.5)), ms(percentile(times, 0.95)), ms(times.at(-1) ?? 0)]);
    }
    print(`${kind}: timed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return table(
      `${kind} (${orders} orders, load ${loadAverage()})`,
      ['query kind', 'p50 ms', 'p95 ms', 'max ms'],
      rows,
    );
  } finally {
    await database.close();
  }
}

const FLOOR = 'floor: order by primary key';

type Expected = 'exact' | 'groups';

interface QueryKind {
  name: string;
  inputs: string[];
  /** What every input must answer, so that a kind that silently finds nothing is not timed as fast. */
  expect: Expected;
}

/** Each kind's inputs, drawn at random from the data: another row each run, as operators would search. */
async function queryKinds(db: Kysely<MerchantDatabase>, n: number): Promise<QueryKind[]> {
  const pick = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows;
  const orderRows = await pick<{ id: number; number: string }>(
    sql`select id, number from orders where number like 'ORD-2019-%' order by random() limit ${n}`,
  );
  const attempts = await pick<{ public_id: string; bank_session_id: string }>(
    sql`select public_id, bank_session_id from payment_attempts where bank_session_id like 'ps_%' order by random() limit ${n}`,
  );
  const customers = await pick<{ email: string; name: string }>(
    sql`select email, name from customers order by random() limit ${n}`,
  );
  const labels = await pick<{ label: string }>(sql`select label from subscriptions order by random() limit ${n}`);
  const digits = (i: number, width: number) => String((i * 7_919) % 10 ** width).padStart(width, '0');
  const range = Array.from({ length: n }, (_, i) => i);
  return [
    { name: FLOOR, inputs: orderRows.map((r) => String(r.id)), expect: 'groups' },
    { name: 'order number, whole (303)', inputs: orderRows.map((r) => r.number), expect: 'exact' },
    { name: 'order number, beginning', inputs: orderRows.map((r) => r.number.slice(0, 13)), expect: 'groups' },
    { name: 'card last four', inputs: range.map((i) => digits(i, 4)), expect: 'groups' },
    { name: 'payment id, whole (303)', inputs: attempts.map((r) => r.public_id), expect: 'exact' },
    { name: 'payment id, beginning', inputs: attempts.map((r) => r.public_id.slice(0, 9)), expect: 'groups' },
    { name: 'bank session id, whole (303)', inputs: attempts.map((r) => r.bank_session_id), expect: 'exact' },
    { name: 'email, exact (303)', inputs: customers.map((r) => r.email.toUpperCase()), expect: 'exact' },
    { name: 'email, part', inputs: customers.map((r) => r.email.split('@')[0] ?? ''), expect: 'groups' },
    { name: 'name, first and last', inputs: customers.map((r) => r.name), expect: 'groups' },
    {
      name: 'name, folded (NICOLO DELL)',
      inputs: range.map((i) => (i % 2 ? 'NICOLO DELL' : 'nicolò')),
      expect: 'groups',
    },
    { name: 'service label, part', inputs: labels.map((r) => r.label.slice(0, 12)), expect: 'groups' },
    {
      name: 'two letters, common',
      inputs: range.map((i) => ['ro', 'ia', 'es', 'lu'][i % 4] ?? 'ro'),
      expect: 'groups',
    },
    {
      name: 'two letters, found nowhere',
      inputs: range.map((i) => ['qz', 'xj', 'wk', 'yq'][i % 4] ?? 'qz'),
      expect: 'groups',
    },
    { name: 'text found nowhere', inputs: range.map((i) => `zqxw${i}`), expect: 'groups' },
  ];
}

async function floorQuery(db: Kysely<MerchantDatabase>, id: string): Promise<void> {
  await db.selectFrom('orders').select('number').where('id', '=', Number(id)).executeTakeFirstOrThrow();
}

async function searchOnce(db: Kysely<MerchantDatabase>, input: string, expected: Expected): Promise<void> {
  const outcome = await searchBackoffice(db, input);
  if (outcome.kind !== expected) throw new Error(`search "${input}" answered ${outcome.kind}, not ${expected}`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
}

function ms(value: number): string {
  return value.toFixed(2);
}

function table(title: string, header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(' | ')} |`;
  return [
    `${title}`,
    line(header),
    `| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`,
    ...rows.map(line),
  ].join('\n');
}
