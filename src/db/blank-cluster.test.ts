import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blankCluster, blankClusterCacheFile } from './blank-cluster.ts';

describe('the blank cluster', () => {
  it("is kept once per installed PGlite version in node_modules' cache, and served from there", async () => {
    const file = blankClusterCacheFile();
    const installed = JSON.parse(
      fs.readFileSync(path.resolve('node_modules/@electric-sql/pglite/package.json'), 'utf8'),
    ) as { version: string };
    expect(file).toBe(path.resolve('node_modules/.cache/cassa', `pglite-${installed.version}-blank-cluster.tar`));
    const dump = new Uint8Array(await (await blankCluster()).arrayBuffer());
    expect(dump.byteLength).toBeGreaterThan(1_000_000);
    expect(Buffer.compare(fs.readFileSync(file), dump)).toBe(0);
  });
});
