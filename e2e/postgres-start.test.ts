import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockFilePath } from '../src/db/data-dir-lock.ts';
import { launchBrowser, skipBrowserTests } from './support/browser.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

const serverUrl = process.env.TEST_DATABASE_URL;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The same product on a PostgreSQL server (DATABASE_URL), as `DATABASE_URL=postgres://… npm start` runs it. */
describe.skipIf(!serverUrl || skipBrowserTests)('Cassa on PostgreSQL', () => {
  const name = `cassa_start_${randomBytes(5).toString('hex')}`;
  let system: TestSystem;

  beforeAll(async () => {
    await admin(`create database ${name}`);
    const url = new URL(serverUrl!);
    url.pathname = `/${name}`;
    system = await startTestSystem({ env: { DATABASE_URL: url.toString() } });
  });

  afterAll(async () => {
    await system?.stop();
    await admin(`drop database if exists ${name} with (force)`);
  });

  it('runs with demo data on the server, the bank in its own schema, and no embedded database', async () => {
    expect(system.databaseKind).toBe('postgres');
    expect(fs.existsSync(lockFilePath(system.dataDir))).toBe(false);
    const client = new pg.Client({ connectionString: serverUrl!.replace(/\/[^/]*$/, `/${name}`) });
    await client.connect();
    try {
      const schemas = await client.query(
        `select schema_name from information_schema.schemata where schema_name = 'bank'`,
      );
      expect(schemas.rowCount).toBe(1);
      // Mario and Giulia, and the demo history's 40 customers (src/merchant/demo/demo-history-plan.ts).
      const customers = await client.query(
        `select count(*) filter (where email in ('mario.rossi@example.com', 'giulia.bianchi@example.com'))::int as demo,
                count(*)::int as n from customers`,
      );
      expect(customers.rows[0].demo).toBe(2);
      expect(customers.rows[0].n).toBe(42);
    } finally {
      await client.end();
    }

    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(system.urls.area);
      await page.getByLabel('Email').fill('mario.rossi@example.com');
      await page.getByLabel('Password').fill('cassa-demo');
      await page.getByRole('button', { name: 'Accedi' }).click();
      await expect.poll(() => page.getByRole('link', { name: 'Gestisci' }).count()).toBe(6);
    } finally {
      await browser.close();
    }
  });
});
