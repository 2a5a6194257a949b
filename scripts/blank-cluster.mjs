// npm's `prepare`, after the build: runs PGlite's initdb once for this installation and keeps its dump in
// node_modules/.cache/cassa/ (src/db/blank-cluster.ts), so that a first `npm start` and every test database unpack
// it instead of spending seconds on initdb each. Without a build it does nothing: the first start makes the dump.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const built = path.resolve(import.meta.dirname, '..', 'dist', 'blank-cluster.js');
if (fs.existsSync(built)) {
  const started = Date.now();
  const { blankCluster, blankClusterCacheFile } = await import(pathToFileURL(built).href);
  await blankCluster();
  const file = blankClusterCacheFile();
  const where = fs.existsSync(file) ? path.relative(process.cwd(), file) : 'memory only (the cache is not writable)';
  process.stdout.write(`blank cluster: ${where} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
