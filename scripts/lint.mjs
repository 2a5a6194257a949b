// `npm run lint`: Biome, failing on any finding — errors, warnings and infos alike (Biome itself fails on errors only,
// and on warnings with --error-on-warnings; an info left in place today is a habit tomorrow).
import { spawnSync } from 'node:child_process';

const biome = (args, stdio) =>
  spawnSync('npx', ['--no-install', 'biome', 'check', ...args, '.'], { stdio, encoding: 'utf8' });

const shown = biome(['--error-on-warnings'], 'inherit');
if (shown.status !== 0) process.exit(shown.status ?? 1);
const report = biome(['--reporter=json'], ['ignore', 'pipe', 'ignore']);
const { infos = 0 } = JSON.parse(report.stdout || '{}').summary ?? {};
if (infos > 0) {
  process.stderr.write(`lint: ${infos} info finding(s) above; fix them (npm run format fixes most)\n`);
  process.exit(1);
}
