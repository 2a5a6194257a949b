import fs from 'node:fs';
import { launchers, loadAverage, median, newDataDir, print, startServer } from './process-figures.ts';

/**
 * `npm run bench -- start [--rounds 3]`: how long Cassa takes to be ready on the embedded default, from spawning the
 * process to its start banner (every app listening): a first start on an empty DATA_DIR (databases created, demo
 * data loaded) and a restart on the same directory. From source (`npm start`, through tsx) and, when `npm run build`
 * has made dist/, the built artefact. Rounds are interleaved; medians are printed.
 */
export async function run(args: string[]): Promise<void> {
  const roundsArg = args.indexOf('--rounds');
  const rounds = roundsArg >= 0 ? Number(args[roundsArg + 1]) : 3;
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds needs a positive whole number');
  print(`start benchmark: ${rounds} round(s), load average ${loadAverage()}`);
  const figures = new Map(
    launchers().map((launcher) => [launcher, { first: [] as number[], restart: [] as number[] }]),
  );
  for (let round = 1; round <= rounds; round++) {
    for (const [launcher, times] of figures) {
      const dataDir = newDataDir();
      try {
        const first = await startServer(launcher, dataDir);
        await first.stop();
        const again = await startServer(launcher, dataDir);
        await again.stop();
        times.first.push(first.readyMs);
        times.restart.push(again.readyMs);
        print(`round ${round}, ${launcher}: first start ${ms(first.readyMs)}, restart ${ms(again.readyMs)}`);
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    }
  }
  print('');
  print('| launcher | first start | restart |');
  print('| --- | ---: | ---: |');
  for (const [launcher, times] of figures) {
    print(
      `| ${launcher === 'source' ? 'npm start (tsx)' : 'node dist/main.js'} | ${ms(median(times.first))} | ${ms(median(times.restart))} |`,
    );
  }
  print(`load average at the end: ${loadAverage()}`);
}

function ms(value: number): string {
  return `${(value / 1000).toFixed(2)} s`;
}
