import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runEntry } from './support/processes.ts';

/**
 * `npm run cassa -- serve --roles …` and CASSA_ROLES refuse what cannot work before anything starts. The roles
 * running for real, in separate processes on PostgreSQL, are e2e/scale-out.test.ts.
 */
describe('roles at start', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cassa-roles-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const env = { DATA_DIR: dataDir, DATABASE_URL: '', NODE_ENV: 'development' };

  it('a role list on the embedded database is refused, saying why and what to set', async () => {
    const serve = runEntry('src/cli/main.ts', ['serve', '--roles', 'area,pay'], env);
    expect(await serve.exited).toBe(1);
    expect(serve.output()).toContain(
      'CASSA_ROLES=area,pay needs DATABASE_URL: the embedded database (PGlite) belongs to one process, which runs every role',
    );
    const main = runEntry('src/main.ts', [], { ...env, CASSA_ROLES: 'worker' });
    expect(await main.exited).toBe(1);
    expect(main.output()).toContain('CASSA_ROLES=worker needs DATABASE_URL');
    // Nothing was created: the refusal comes before any database is opened.
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('an unknown role or option is named, with the roles there are', async () => {
    const unknown = runEntry('src/cli/main.ts', ['serve', '--roles', 'area,payments'], {
      ...env,
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    });
    expect(await unknown.exited).toBe(1);
    expect(unknown.output()).toContain(
      'CASSA_ROLES has an unknown role "payments": use a comma list of area, pay, api, backoffice, worker, bank, inbox, or all',
    );
    const option = runEntry('src/cli/main.ts', ['serve', '--role', 'area'], env);
    expect(await option.exited).toBe(2);
    expect(option.output()).toContain('serve: unknown option "--role"');
  });
});
