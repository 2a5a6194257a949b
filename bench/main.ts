import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * `npm run bench -- <name> [options]` runs one benchmark and prints its figures; `npm run bench` with no name runs
 * them all, one after the other, and writes what they printed to bench/results/latest.md as well; `npm run bench --
 * <name> <name> …` (several names, no options) does the same for those. Benchmarks report
 * ratios against a floor measured in the same run (CONTRIBUTING.md), since absolute rates depend on the machine.
 */
const BENCHMARKS: Record<string, () => Promise<{ run(args: string[]): Promise<void> }>> = {
  http: () => import('./http.ts'),
  latency: () => import('./latency.ts'),
  pay: () => import('./pay.ts'),
  start: () => import('./start.ts'),
  memory: () => import('./memory.ts'),
  renewals: () => import('./renewals.ts'),
  scale: () => import('./scale.ts'),
  search: () => import('./search.ts'),
};

const RESULTS = path.join(import.meta.dirname, 'results', 'latest.md');

const [name, ...args] = process.argv.slice(2);
const several = name !== undefined && args.length > 0 && [name, ...args].every((arg) => arg in BENCHMARKS);
try {
  if (name === undefined) await runAll(Object.keys(BENCHMARKS));
  else if (several) await runAll([name, ...args]);
  else {
    const load = BENCHMARKS[name];
    if (!load) {
      process.stderr.write(`usage: npm run bench [-- <${Object.keys(BENCHMARKS).join('|')}> [options]]\n`);
      process.exit(2);
    }
    await (await load()).run(args);
  }
  process.exit(0);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}

/** These benchmarks with their defaults; what each prints on stdout is kept for the results file. */
async function runAll(names: readonly string[]): Promise<void> {
  const kept: string[] = [
    `# Benchmarks, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `${os.cpus().length} cores, Node ${process.version}, load average ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')} at the start. \`npm run bench\` wrote this file; each section is \`npm run bench -- <name>\`.`,
  ];
  const write = process.stdout.write.bind(process.stdout);
  for (const benchmark of names) {
    const load = BENCHMARKS[benchmark] as (typeof BENCHMARKS)[string];
    kept.push('', `## ${benchmark}`, '', '```');
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      kept.push(String(chunk).replace(/\n$/, ''));
      return write(chunk, ...rest);
    }) as typeof process.stdout.write;
    try {
      await (await load()).run([]);
    } catch (error) {
      kept.push(`failed: ${error instanceof Error ? error.message : String(error)}`);
      process.stderr.write(`${benchmark} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    } finally {
      process.stdout.write = write;
    }
    kept.push('```');
  }
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, `${kept.join('\n')}\n`);
  write(`\nwritten to ${path.relative(process.cwd(), RESULTS)}\n`);
}
