// `npm run build`: compiles src/ to dist/ (JavaScript with source maps, tests left out) so that production runs
// `node dist/main.js` without tsx. Relative `.ts` imports are rewritten by the compiler; the assets the apps serve
// are copied beside their code; dist/package.json maps the JSX runtime (`#jsx/…`) to its compiled file, since
// package imports resolve through the nearest package.json.
//
// `--after-install` (npm's `prepare`, after `npm ci`): a build that fails says so and leaves no dist/, and the install
// still succeeds; `npm start` then runs the sources.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { STAMP } from './build-freshness.mjs';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const started = Date.now();
const afterInstall = process.argv.includes('--after-install');

fs.rmSync(dist, { recursive: true, force: true });
try {
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
} catch (error) {
  fs.rmSync(dist, { recursive: true, force: true });
  if (!afterInstall) throw error;
  process.stderr.write('build: dist/ not built (see above); npm start will run the sources\n');
  process.exit(0);
}
for (const assets of ['bank/assets', 'merchant/web/public']) {
  fs.cpSync(path.join(root, 'src', assets), path.join(dist, assets), { recursive: true });
}
const runtime = './shared/html/jsx-runtime.js';
fs.writeFileSync(
  path.join(dist, 'package.json'),
  `${JSON.stringify({ type: 'module', imports: { '#jsx/jsx-runtime': runtime, '#jsx/jsx-dev-runtime': runtime } }, null, 2)}\n`,
);
// Last: a build that stopped half-way has no stamp, so it is never taken for a fresh one.
fs.writeFileSync(path.join(dist, STAMP), `${started}\n`);
const files = fs.readdirSync(dist, { recursive: true }).filter((file) => String(file).endsWith('.js')).length;
process.stdout.write(`built ${files} files into dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
