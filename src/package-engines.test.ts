import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

/**
 * `npm ci` on the Node.js this project supports prints no EBADENGINE: every locked package accepts it. A package whose
 * newer release wants Node 22 is pinned or overridden in package.json (see its `overrides`).
 */
const ROOT = path.resolve(import.meta.dirname, '..');

interface LockedPackage {
  version?: string;
  engines?: { node?: string } | string[];
}

function enginesRefusing(nodeVersion: string): string[] {
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockedPackage>;
  };
  return Object.entries(lock.packages).flatMap(([where, locked]) => {
    const wanted = Array.isArray(locked.engines) ? undefined : locked.engines?.node;
    if (!wanted || semver.satisfies(nodeVersion, wanted, { includePrerelease: true })) return [];
    return [`${where || 'cassa'}@${locked.version ?? '?'} wants node ${wanted}`];
  });
}

describe('package engines', () => {
  it('every locked package accepts the Node.js that runs the tests', () => {
    expect(enginesRefusing(process.version)).toEqual([]);
  });

  it('every locked package accepts the oldest Node.js that package.json promises', () => {
    const promised = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).engines.node as string;
    const oldest = semver.minVersion(promised)?.version ?? '';
    expect(oldest).toMatch(/^20\./);
    expect(enginesRefusing(oldest)).toEqual([]);
  });
});
