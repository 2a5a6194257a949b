import fs from 'node:fs';
import { createScratchPostgresDatabase } from '../src/db/test-databases.ts';
import { launchers, loadAverage, median, newDataDir, print, startServer } from './process-figures.ts';

/** How long a started server is left alone before its memory is read: start-up garbage has had time to go. */
const IDLE_MS = 10_000;

/**
 * `npm run bench -- memory [--rounds 2]`: the resident memory (RSS, from /proc) of one idle Cassa process running
 * every role, IDLE_MS after it is ready — after a first start and after a restart on the same data — on the
 * embedded default and, with TEST_DATABASE_URL, on PostgreSQL (a scratch database of its own). Medians over the
 * rounds.
 */
export async function run(args: string[]): Promise<void> {
  const roundsArg = args.indexOf('--rounds');
  const rounds = roundsArg >= 0 ? Number(args[roundsArg + 1]) : 2;
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds needs a positive whole number');
  const serverUrl = process.env.TEST_DATABASE_URL;
  print(
    `memory benchmark: ${rounds} round(s), idle ${IDLE_MS / 1000} s${serverUrl ? '' : ' (PostgreSQL skipped: set TEST_DATABASE_URL)'}; load average ${loadAverage()}`,
  );
  const engines = serverUrl ? (['pglite', 'postgres'] as const) : (['pglite'] as const);
  const figures = new Map<string, number[]>();
  for (let round = 1; round <= rounds; round++) {
    for (const engine of engines) {
      for (const launcher of launchers()) {
        const dataDir = newDataDir();
        const database =
          engine === 'postgres'
            ? await createScratchPostgresDatabase(serverUrl as string, 'cassa_bench_memory')
            : undefined;
        try {
          // A first start (it creates the database and loads the demo data), then a restart on what it left: the
          // process a running installation is.
          for (const start of ['first start', 'restart'] as const) {
            const server = await startServer(launcher, dataDir, database ? { DATABASE_URL: database.url } : {});
            await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
            const rss = server.rssBytes();
            await server.stop();
            const key = `${engine} | ${launcher === 'source' ? 'npm start (tsx)' : 'node dist/main.js'} | ${start}`;
            figures.set(key, [...(figures.get(key) ?? []), rss]);
            print(`round ${round}, ${key}: ${mb(rss)}`);
          }
        } finally {
          await database?.drop();
          fs.rmSync(dataDir, { recursive: true, force: true });
        }
      }
    }
  }
  print('');
  print('| database | launcher | after | RSS idle |');
  print('| --- | --- | --- | ---: |');
  for (const [key, values] of figures) print(`| ${key} | ${mb(median(values))} |`);
  print(`load average at the end: ${loadAverage()}`);
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}
