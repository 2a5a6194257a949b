import type { DatabaseKind } from '../src/db/database.ts';
import { numberArg } from './http.ts';
import { openHttpTargets } from './http-targets.ts';
import { load } from './load.ts';
import { loadAverage, median, print } from './process-figures.ts';

/**
 * `npm run bench -- latency [--seconds 10] [--rounds 3]`: Mario's signed-in home page at 70 % of its maximum
 * throughput (measured first, as fast as 10 connections go), p50 and p99 of its response times at that fixed rate,
 * and their ratio: how much worse the unlucky request is than the usual one. Interleaved rounds, medians; PGlite,
 * and PostgreSQL when TEST_DATABASE_URL is set.
 */
export async function run(args: string[]): Promise<void> {
  const seconds = numberArg(args, '--seconds', 10);
  const rounds = numberArg(args, '--rounds', 3);
  const kinds: DatabaseKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
  print(`latency benchmark: ${rounds} round(s), ${seconds} s at 70 % of the maximum; load average ${loadAverage()}`);
  print('');
  print('| database | max home/s | at 70 % | p50 ms | p99 ms | p99 ÷ p50 |');
  print('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const kind of kinds) {
    const targets = await openHttpTargets(kind);
    try {
      const max: number[] = [];
      const p50: number[] = [];
      const p99: number[] = [];
      const ratios: number[] = [];
      for (let round = 1; round <= rounds; round++) {
        const full = await load(targets.urls.home, { seconds: 5, connections: 10, cookie: targets.cookie });
        const rate = Math.max(1, Math.round(full.requestsPerSecond * 0.7));
        const steady = await load(targets.urls.home, { seconds, connections: 10, cookie: targets.cookie, rate });
        if (steady.errors > 0 || steady.non2xx > 0) throw new Error(`home page: ${steady.errors} errors at ${rate}/s`);
        max.push(full.requestsPerSecond);
        p50.push(steady.p50Ms);
        p99.push(steady.p99Ms);
        ratios.push(steady.p99Ms / Math.max(steady.p50Ms, 0.001));
        process.stderr.write(`round ${round} on ${kind} done (load average ${loadAverage()})\n`);
      }
      const top = median(max);
      print(
        `| ${kind} | ${top.toFixed(0)} | ${(top * 0.7).toFixed(0)} | ${median(p50).toFixed(1)} | ${median(p99).toFixed(1)} | ${median(ratios).toFixed(2)} |`,
      );
    } finally {
      await targets.close();
    }
  }
  print(`load average at the end: ${loadAverage()}`);
}
