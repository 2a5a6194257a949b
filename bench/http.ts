import type { DatabaseKind } from '../src/db/database.ts';
import { homeStatementsPerSecond, openHttpTargets } from './http-targets.ts';
import { load } from './load.ts';
import { loadAverage, median, print } from './process-figures.ts';

/**
 * `npm run bench -- http [--seconds 5] [--rounds 3] [--connections 10]`: requests per second over loopback HTTP, in
 * interleaved rounds (medians), of a bare Fastify "hello" — the floor — and of Area Clienti's GET /healthz, Mario's
 * signed-in home page and one of his service pages; beside the home page's own statements run in a tight loop
 * through Kysely on the same database (pages per second: what the page would be if rendering and HTTP cost
 * nothing). PGlite, and PostgreSQL when TEST_DATABASE_URL is set.
 */
export async function run(args: string[]): Promise<void> {
  const seconds = numberArg(args, '--seconds', 5);
  const rounds = numberArg(args, '--rounds', 3);
  const connections = numberArg(args, '--connections', 10);
  const kinds: DatabaseKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
  print(
    `http benchmark: ${rounds} round(s) of ${seconds} s per target, ${connections} connections; load average ${loadAverage()}`,
  );
  print('');
  print(
    '| database | hello | /healthz | home | service | home SQL loop | /healthz ÷ hello | home ÷ hello | home ÷ its SQL |',
  );
  print('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const kind of kinds) {
    const targets = await openHttpTargets(kind);
    try {
      const figures: Record<'hello' | 'healthz' | 'home' | 'service' | 'sql', number[]> = {
        hello: [],
        healthz: [],
        home: [],
        service: [],
        sql: [],
      };
      for (let round = 1; round <= rounds; round++) {
        for (const target of ['hello', 'healthz', 'home', 'service'] as const) {
          const cookie = target === 'home' || target === 'service' ? targets.cookie : undefined;
          const result = await load(targets.urls[target], { seconds, connections, ...(cookie ? { cookie } : {}) });
          if (result.errors > 0 || result.non2xx > 0) {
            throw new Error(`${target}: ${result.errors} errors, ${result.non2xx} answers other than 2xx`);
          }
          figures[target].push(result.requestsPerSecond);
        }
        figures.sql.push(await homeStatementsPerSecond(targets, seconds * 1000));
        process.stderr.write(`round ${round} on ${kind} done (load average ${loadAverage()})\n`);
      }
      const m = Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, median(v)])) as Record<
        keyof typeof figures,
        number
      >;
      print(
        `| ${kind} | ${rate(m.hello)} | ${rate(m.healthz)} | ${rate(m.home)} | ${rate(m.service)} | ${rate(m.sql)} | ${(m.healthz / m.hello).toFixed(2)} | ${(m.home / m.hello).toFixed(3)} | ${(m.home / m.sql).toFixed(2)} |`,
      );
    } finally {
      await targets.close();
    }
  }
  print('(requests or pages per second; home SQL loop: the home page statements, one after another, in a loop)');
  print(`load average at the end: ${loadAverage()}`);
}

function rate(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

export function numberArg(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(args[at + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} needs a positive number`);
  return value;
}
