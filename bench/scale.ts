import os from 'node:os';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { type Cluster, startCluster } from '../e2e/support/cluster.ts';
import {
  awaitingOrders,
  enqueueRenewalPass,
  insertDueServices,
  renewedCount,
} from '../e2e/support/cluster-fixtures.ts';
import { payAllOverHttp } from '../e2e/support/http-pay.ts';
import type { MerchantDatabase } from '../src/db/schema.ts';
import { createScratchPostgresDatabase } from '../src/db/test-databases.ts';
import { loadAverage, median, print } from './process-figures.ts';

/**
 * `npm run bench -- scale [--payments 60] [--renewals 400] [--processes 1,2,4] [--rounds 1]`: Cassa's processes on
 * one PostgreSQL (TEST_DATABASE_URL), as the reference layout runs them (e2e/support/cluster.ts). For each count N:
 * a cluster of N `area,pay` processes behind a round-robin proxy and N `worker` processes (plus one `bank,inbox`),
 * then
 * - payments/s: Flow A over HTTP (saved card, the bank frictionless), `--payments` of them from 8 tabs of one signed-in
 *   customer at once, through the proxy;
 * - renewals/s: one renewal pass of `--renewals` due services, from the job's enqueueing to the last one charged
 *   at the bank and recorded (the pass opens them in the worker that claims it; every worker drains the charges).
 * Each figure is also given as a ratio to N = 1. With `--rounds`, the counts are interleaved round by round and the
 * median kept. The machine's core count is added to the list when it is not in it.
 */
export async function run(args: string[]): Promise<void> {
  const option = (name: string, fallback: string) => {
    const index = args.indexOf(`--${name}`);
    return index >= 0 ? (args[index + 1] ?? '') : fallback;
  };
  const payments = wholeNumber(option('payments', '60'), '--payments');
  const renewals = wholeNumber(option('renewals', '400'), '--renewals');
  const rounds = wholeNumber(option('rounds', '1'), '--rounds');
  const counts = [
    ...new Set([
      ...option('processes', '1,2,4')
        .split(',')
        .map((n) => wholeNumber(n, '--processes')),
    ]),
  ];
  if (!counts.includes(os.cpus().length)) counts.push(os.cpus().length);
  counts.sort((a, b) => a - b);
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('the scale benchmark needs PostgreSQL: set TEST_DATABASE_URL=postgres://…');

  print(
    `scale benchmark: ${payments} payments and ${renewals} renewals per cluster, processes ${counts.join(', ')}, ` +
      `${rounds} round(s); ${os.cpus().length} cores, load average ${loadAverage()}`,
  );
  const figures = new Map(counts.map((n) => [n, { payments: [] as number[], renewals: [] as number[] }]));
  for (let round = 1; round <= rounds; round++) {
    for (const n of counts) {
      const measured = await measure(serverUrl, n, { payments, renewals }, `round ${round}/${rounds}, N=${n}`);
      figures.get(n)?.payments.push(measured.payments);
      figures.get(n)?.renewals.push(measured.renewals);
    }
  }
  const base = figures.get(counts[0] as number) as { payments: number[]; renewals: number[] };
  const basePayments = median(base.payments);
  const baseRenewals = median(base.renewals);
  const lines = [
    '',
    `| processes (area,pay + worker) | payments/s | ÷ N=${counts[0]} | renewals/s | ÷ N=${counts[0]} |`,
    '| ---: | ---: | ---: | ---: | ---: |',
    ...counts.map((n) => {
      const f = figures.get(n) as { payments: number[]; renewals: number[] };
      const p = median(f.payments);
      const r = median(f.renewals);
      return `| ${n}${n === os.cpus().length ? ' (cores)' : ''} | ${p.toFixed(1)} | ${(p / basePayments).toFixed(2)} | ${r.toFixed(1)} | ${(r / baseRenewals).toFixed(2)} |`;
    }),
    '',
    `load average at the end: ${loadAverage()}`,
  ];
  print(lines.join('\n'));
}

async function measure(
  serverUrl: string,
  n: number,
  sizes: { payments: number; renewals: number },
  label: string,
): Promise<{ payments: number; renewals: number }> {
  const database = await createScratchPostgresDatabase(serverUrl, 'cassa_bench_scale');
  let cluster: Cluster | undefined;
  const db = new Kysely<MerchantDatabase>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 4 }) }),
  });
  try {
    print(`${label}: starting ${n} area,pay + ${n} worker processes and the bank`);
    // Renewal passes only when the benchmark asks; the schedule's hourly pass must not start one in the middle.
    cluster = await startCluster({
      databaseUrl: database.url,
      web: n,
      workers: n,
      env: { RENEWAL_PASS_INTERVAL_MINUTES: '0', LOG_LEVEL: 'error' },
    });
    const payments = await paymentsPerSecond(db, cluster, sizes.payments);
    print(`${label}: ${payments.toFixed(1)} payments/s`);
    const renewals = await renewalsPerSecond(db, sizes.renewals);
    print(`${label}: ${renewals.toFixed(1)} renewals/s`);
    return { payments, renewals };
  } finally {
    await db.destroy();
    await cluster?.stop();
    await database.drop();
  }
}

const TABS = 8;

async function paymentsPerSecond(db: Kysely<MerchantDatabase>, cluster: Cluster, count: number): Promise<number> {
  return payAllOverHttp(cluster.urls, await awaitingOrders(db, 'bench-pay', count), TABS);
}

async function renewalsPerSecond(db: Kysely<MerchantDatabase>, count: number): Promise<number> {
  await insertDueServices(db, 'bench-renew', count);
  const started = performance.now();
  await enqueueRenewalPass(db, 'bench');
  while ((await renewedCount(db, 'bench-renew')) < count) {
    if (performance.now() - started > 600_000) throw new Error('the renewal pass did not finish in 10 minutes');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return count / ((performance.now() - started) / 1000);
}

function wholeNumber(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} needs positive whole numbers (got "${value}")`);
  return n;
}
