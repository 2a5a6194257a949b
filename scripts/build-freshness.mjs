// Whether dist/ was built from the sources as they are now: `npm start` runs the build when it is (no TypeScript
// compiled at start), the sources through tsx when it is not. A build records when it began in dist/.built-at; a
// source file changed after that (an edit, a checkout, a pull) makes the build stale.
import fs from 'node:fs';
import path from 'node:path';

export const STAMP = '.built-at';

/** What the build is made of, besides src/. */
const INPUTS = ['package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build.mjs'];

/** null when dist/ is fresh; otherwise why not, for the start line. */
export function whyBuildIsStale(root) {
  let builtAt;
  try {
    builtAt = Number(fs.readFileSync(path.join(root, 'dist', STAMP), 'utf8'));
  } catch {
    return 'no build in dist/';
  }
  if (!Number.isFinite(builtAt) || !fs.existsSync(path.join(root, 'dist', 'main.js'))) return 'no build in dist/';
  const newer =
    newerThan(path.join(root, 'src'), builtAt) ?? INPUTS.find((file) => modifiedAfter(path.join(root, file), builtAt));
  return newer ? `${path.relative(root, path.resolve(root, newer))} changed after the build` : null;
}

function newerThan(dir, builtAt) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const found = newerThan(full, builtAt);
      if (found) return found;
    } else if (modifiedAfter(full, builtAt)) return full;
  }
  return undefined;
}

function modifiedAfter(file, builtAt) {
  try {
    return fs.statSync(file).mtimeMs > builtAt;
  } catch {
    return false;
  }
}
