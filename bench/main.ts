/**
 * `npm run bench -- <name> [options]`: runs one benchmark and prints its figures. Benchmarks report ratios against a
 * floor measured in the same run (CONTRIBUTING.md), since absolute rates depend on the machine.
 */
const BENCHMARKS: Record<string, () => Promise<{ run(args: string[]): Promise<void> }>> = {
  renewals: () => import('./renewals.ts'),
  scale: () => import('./scale.ts'),
  search: () => import('./search.ts'),
};

const [name, ...args] = process.argv.slice(2);
const load = name ? BENCHMARKS[name] : undefined;
if (!load) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(BENCHMARKS).join('|')}> [options]\n`);
  process.exit(2);
}
try {
  await (await load()).run(args);
  process.exit(0);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
