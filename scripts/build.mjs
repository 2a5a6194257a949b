// `npm run build`: compiles src/ to dist/ (JavaScript with source maps, tests left out) so that production runs
// `node dist/main.js` without tsx. Relative `.ts` imports are rewritten by the compiler; the assets the apps serve
// are copied beside their code; dist/package.json maps the JSX runtime (`#jsx/…`) to its compiled file, since
// package imports resolve through the nearest package.json.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const started = Date.now();

fs.rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
for (const assets of ['bank/assets', 'merchant/web/public']) {
  fs.cpSync(path.join(root, 'src', assets), path.join(dist, assets), { recursive: true });
}
const runtime = './shared/html/jsx-runtime.js';
fs.writeFileSync(
  path.join(dist, 'package.json'),
  `${JSON.stringify({ type: 'module', imports: { '#jsx/jsx-runtime': runtime, '#jsx/jsx-dev-runtime': runtime } }, null, 2)}\n`,
);
const files = fs.readdirSync(dist, { recursive: true }).filter((file) => String(file).endsWith('.js')).length;
process.stdout.write(`built ${files} files into dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
