// `npm start`: the build in dist/ when it was made from the sources as they are (start-up compiles no TypeScript:
// docs/performance.md), else the sources through tsx. `npm ci` builds dist/ (the `prepare` script), so a fresh
// clone starts from the build; an edit to src/ makes the next start run the sources until `npm run build`.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { whyBuildIsStale } from './build-freshness.mjs';

const root = path.resolve(import.meta.dirname, '..');
const stale = whyBuildIsStale(root);
if (stale === null) {
  await import(pathToFileURL(path.join(root, 'dist', 'main.js')).href);
} else {
  process.stderr.write(`cassa: running the sources through tsx (${stale}; npm run build makes start-up faster)\n`);
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(path.join(root, 'src', 'main.ts')).href);
}
