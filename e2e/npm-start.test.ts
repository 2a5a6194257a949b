import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module of the scripts, with no type declarations
import { STAMP, whyBuildIsStale } from '../scripts/build-freshness.mjs';

/** `npm start` runs dist/ only when the build was made from the sources as they are (scripts/start.mjs). */
describe('npm start: the build or the sources', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
  });

  /** A repository's shape: sources written at `sourcesAt`, and a build begun at `builtAt` (none when undefined). */
  function repository(sourcesAt: number, builtAt: number | undefined): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cassa-start-'));
    roots.push(root);
    fs.mkdirSync(path.join(root, 'src', 'merchant'), { recursive: true });
    for (const file of ['package.json', 'src/main.ts', 'src/merchant/page.tsx']) {
      fs.writeFileSync(path.join(root, file), '');
      fs.utimesSync(path.join(root, file), sourcesAt / 1000, sourcesAt / 1000);
    }
    if (builtAt !== undefined) {
      fs.mkdirSync(path.join(root, 'dist'));
      fs.writeFileSync(path.join(root, 'dist', 'main.js'), '');
      fs.writeFileSync(path.join(root, 'dist', STAMP), `${builtAt}\n`);
    }
    return root;
  }

  const at = Date.parse('2026-12-03T10:00:00Z');

  it('runs the sources when there is no build, or the build stopped before its stamp', () => {
    expect(whyBuildIsStale(repository(at, undefined))).toBe('no build in dist/');
    const halfBuilt = repository(at, at + 1000);
    fs.rmSync(path.join(halfBuilt, 'dist', STAMP));
    expect(whyBuildIsStale(halfBuilt)).toBe('no build in dist/');
  });

  it('runs the build when every source is older than the build', () => {
    expect(whyBuildIsStale(repository(at, at + 1000))).toBeNull();
  });

  it('names the source changed after the build, deep in src/ or among the inputs', () => {
    const edited = repository(at, at + 1000);
    fs.utimesSync(path.join(edited, 'src/merchant/page.tsx'), (at + 5000) / 1000, (at + 5000) / 1000);
    expect(whyBuildIsStale(edited)).toBe(`${path.join('src', 'merchant', 'page.tsx')} changed after the build`);
    const upgraded = repository(at, at + 1000);
    fs.utimesSync(path.join(upgraded, 'package.json'), (at + 5000) / 1000, (at + 5000) / 1000);
    expect(whyBuildIsStale(upgraded)).toBe('package.json changed after the build');
  });
});
