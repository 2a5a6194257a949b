import { fileURLToPath } from 'node:url';

/**
 * Files the apps read at run time, found from this module's own place: src/ when running the sources, dist/ when
 * running the build. Every module of the build is bundled into dist/main.js (scripts/build.mjs), where each one's
 * `import.meta.url` is the bundle's, so a path relative to a module's own file would point elsewhere; this one is the
 * root of both trees, and the build copies the assets to the same places under dist/ as under src/.
 */
const ROOT = new URL('./', import.meta.url);

/** A directory of the tree (src/ or dist/), e.g. `bank/assets`. */
export function treeDir(relative: string): string {
  return fileURLToPath(new URL(`${relative}/`, ROOT));
}

/** The repository's vendored files (`vendor/`), beside src/ and dist/ alike. */
export function vendorDir(relative: string): string {
  return fileURLToPath(new URL(`../vendor/${relative}/`, ROOT));
}
