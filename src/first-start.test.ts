import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import type { MerchantDatabase } from './db/schema.ts';
import { merchantDatabaseTarget } from './db/targets.ts';
import { prepareFirstStartInChild } from './first-start.ts';
import { findCustomerByEmail } from './merchant/customers/customer-repository.ts';
import { DEMO_MARIO } from './merchant/demo/demo-data.ts';
import { ManualClock } from './shared/clock.ts';

/** The first start of an embedded data directory, prepared in a child process (src/first-start.ts). */
describe('first start in a child process', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  function dataDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cassa-first-start-'));
    dirs.push(dir);
    return dir;
  }
  const clock = new ManualClock('2026-12-04T09:00:00Z');

  it('migrates and loads the demo data in the child, which this process then finds; a restart prepares nothing', async () => {
    const config = loadConfig({ DATA_DIR: dataDir() });
    await expect(prepareFirstStartInChild(config, clock)).resolves.toEqual({ demoDataCreated: true });
    const merchant = await openDatabase<MerchantDatabase>(merchantDatabaseTarget(config));
    try {
      expect(await findCustomerByEmail(merchant.db, DEMO_MARIO.email)).toBeDefined();
      const applied = await merchant.db
        .selectFrom('kysely_migration' as never)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(applied.n)).toBeGreaterThan(10);
    } finally {
      await merchant.close();
    }
    await expect(prepareFirstStartInChild(config, clock)).resolves.toBeUndefined();
  }, 60_000);

  it('says no demo data were created when they are switched off', async () => {
    const config = loadConfig({ DATA_DIR: dataDir(), CASSA_DEMO_DATA: 'false' });
    await expect(prepareFirstStartInChild(config, clock)).resolves.toEqual({ demoDataCreated: false });
  }, 60_000);

  it('fails the start clearly when the child cannot prepare the directory', async () => {
    const file = path.join(dataDir(), 'not-a-directory');
    fs.writeFileSync(file, '');
    await expect(prepareFirstStartInChild(loadConfig({ DATA_DIR: file }), clock)).rejects.toThrow(
      /preparing the embedded database failed \(exit 1/u,
    );
  }, 60_000);

  it('leaves PostgreSQL to the process itself', async () => {
    const config = loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    await expect(prepareFirstStartInChild(config, clock)).resolves.toBeUndefined();
  });
});
