import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

let blank: Promise<Blob> | undefined;

/**
 * A freshly initialised, empty cluster (a `dumpDataDir` tar, for `loadDataDir`). PGlite runs initdb for every new
 * directory: 3.5 s of CPU on this machine, most of a first start. initdb's output depends only on PGlite's version,
 * so it runs once per installed version and its dump is kept in `node_modules/.cache/cassa/` (`npm ci` makes it,
 * through the `prepare` script; a first start makes it if it is missing); each new directory unpacks it in a
 * fraction of a second. Where the cache cannot be written, the dump is made in memory for this process only.
 */
export function blankCluster(): Promise<Blob> {
  blank ??= readOrMakeBlankCluster();
  return blank;
}

/** Where this installation keeps its blank cluster; the name changes with PGlite's version. */
export function blankClusterCacheFile(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const packageDir = findPackageDir(entry);
  const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  // node_modules/@electric-sql/pglite → node_modules/.cache/cassa: it goes with the installation it belongs to.
  return path.join(packageDir, '..', '..', '.cache', 'cassa', `pglite-${version}-blank-cluster.tar`);
}

async function readOrMakeBlankCluster(): Promise<Blob> {
  const file = blankClusterCacheFile();
  try {
    return new Blob([await fs.promises.readFile(file)]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const bytes = await initdbInWorker();
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Written beside and renamed: of several processes making it at once, each renames a whole file.
    const partial = `${file}.${process.pid}.partial`;
    fs.writeFileSync(partial, new Uint8Array(bytes));
    fs.renameSync(partial, file);
  } catch {
    // A read-only installation: this process keeps its dump in memory, the next one makes its own.
  }
  return new Blob([bytes]);
}

/**
 * initdb in a worker thread, so that its seconds of synchronous WebAssembly leave this thread free. Its memory is
 * not given back to the process when the thread ends (measured: 170 MB more resident afterwards), which is one reason
 * a first start prepares its database in a child process (src/first-start.ts).
 */
function initdbInWorker(): Promise<ArrayBuffer> {
  return new Promise<ArrayBuffer>((resolve, reject) => {
    const worker = new Worker(INITDB_WORKER, {
      eval: true,
      // Resolved here, where the package is found; the thread runs code with no location of its own.
      workerData: { pglite: createRequire(import.meta.url).resolve('@electric-sql/pglite') },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`initdb worker exited with code ${code}`)));
  });
}

const INITDB_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { PGlite } = require(workerData.pglite);
  const pglite = await PGlite.create('memory://');
  const bytes = await (await pglite.dumpDataDir('none')).arrayBuffer();
  await pglite.close();
  parentPort.postMessage(bytes, [bytes]);
})().catch((error) => { throw error; });
`;

/** The directory of the package.json named `@electric-sql/pglite` above its entry file. */
function findPackageDir(file: string): string {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === '@electric-sql/pglite') {
      return dir;
    }
  }
  throw new Error(`no @electric-sql/pglite package.json above ${file}`);
}
