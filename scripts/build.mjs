// `npm run build`: bundles src/ into dist/ with esbuild (JavaScript with source maps, tests left out) so that
// production runs `node dist/main.js` without tsx. One bundle rather than a file per module: Node resolves, reads and
// links each ES module separately, and 560 of them were a second of every start (docs/performance.md). The
// dependencies stay in node_modules (imported as they are: some read files beside their own code). The entry points
// are the server, the child process of a first start and the blank-cluster script of `npm ci`; code they share goes
// to chunks beside them. The assets the apps serve are copied to the same places under dist/ as under src/
// (src/locations.ts finds them from either tree). Types are checked by `npm test`, not here.
//
// `--after-install` (npm's `prepare`, after `npm ci`): a build that fails says so and leaves no dist/, and the install
// still succeeds; `npm start` then runs the sources.
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { STAMP } from './build-freshness.mjs';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const started = Date.now();
const afterInstall = process.argv.includes('--after-install');

fs.rmSync(dist, { recursive: true, force: true });
try {
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: {
      main: 'src/main.ts',
      'first-start-child': 'src/first-start-child.ts',
      'blank-cluster': 'src/db/blank-cluster.ts',
    },
    outdir: dist,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    // Class and function names stay as written: logs and stack traces name them.
    keepNames: true,
    logLevel: 'warning',
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
// Last: a build that stopped half-way has no stamp, so it is never taken for a fresh one.
fs.writeFileSync(path.join(dist, STAMP), `${started}\n`);
const files = fs.readdirSync(dist).filter((file) => file.endsWith('.js')).length;
process.stdout.write(`bundled src/ into ${files} files in dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
