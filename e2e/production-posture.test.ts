import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePorts } from './support/ports.ts';
import { runEntry, type Started, waitForOutput } from './support/processes.ts';

const VAULT_KEY = Buffer.alloc(32, 9).toString('base64');

/**
 * `NODE_ENV=production` as a security tester tries it (issue 13): the sandbox bank and the inbox are refused unless
 * CASSA_SANDBOX=1 says this is a public demo, whose test pages then answer 401 without the sandbox access token.
 */
describe('production posture of a real process', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cassa-production-'));
  let demo: Started | undefined;
  let urls: { bank: string; inbox: string; area: string };
  let env: Record<string, string>;

  beforeAll(async () => {
    const [area, pay, bank, api, backoffice, admin, smtp, web, metrics] = (await freePorts(9)) as number[];
    urls = { bank: `http://127.0.0.1:${bank}`, inbox: `http://127.0.0.1:${web}`, area: `http://127.0.0.1:${area}` };
    env = {
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      CASSA_ALLOW_EMBEDDED_DB: '1',
      BANK_MERCHANT_SECRET: 'a-long-merchant-secret',
      AREA_PORT: String(area),
      PAY_PORT: String(pay),
      BANK_PORT: String(bank),
      API_PORT: String(api),
      BACKOFFICE_PORT: String(backoffice),
      ADMIN_PORT: String(admin),
      METRICS_PORT: String(metrics),
      INBOX_SMTP_PORT: String(smtp),
      INBOX_WEB_PORT: String(web),
      PUBLIC_AREA_URL: urls.area,
      PUBLIC_PAY_URL: `http://127.0.0.1:${pay}`,
      PUBLIC_BANK_URL: urls.bank,
      PUBLIC_API_URL: `http://127.0.0.1:${api}`,
      PUBLIC_BACKOFFICE_URL: `http://127.0.0.1:${backoffice}`,
    };
  });
  afterAll(async () => {
    demo?.child.kill('SIGTERM');
    if (demo) await demo.exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses to start with the sandbox bank, the inbox or plain http, naming each variable', async () => {
    const refused = runEntry('src/main.ts', [], env);
    expect(await refused.exited).toBe(1);
    const output = refused.output();
    expect(output).toContain('refuses the sandbox bank (CASSA_SANDBOX_BANK');
    expect(output).toContain('refuses the built-in mail inbox (CASSA_MAIL_INBOX');
    expect(output).toContain('needs BANK_VAULT_KEY');
    expect(output).toContain('needs https:// public URLs (PUBLIC_AREA_URL, PUBLIC_PAY_URL');
    expect(output).not.toContain('Cassa is running');
  });

  it('as a public demo (CASSA_SANDBOX=1) it starts, and its test pages answer 401 without the token', async () => {
    demo = runEntry('src/main.ts', [], {
      ...env,
      CASSA_SANDBOX: '1',
      CASSA_ALLOW_HTTP: '1',
      BANK_VAULT_KEY: VAULT_KEY,
    });
    await waitForOutput(demo, 'Press Ctrl+C to stop.', 90_000);
    const token = fs.readFileSync(path.join(dataDir, 'secrets', 'sandbox-token'), 'utf8').trim();
    expect(demo.output()).toContain(`sandbox access token ${token}`);
    for (const url of [`${urls.bank}/sms`, `${urls.bank}/sms.json`, `${urls.bank}/app`, `${urls.bank}/app.json`]) {
      expect((await fetch(url)).status, url).toBe(401);
    }
    const approve = await fetch(`${urls.bank}/app/requests/chl_${'a'.repeat(32)}/approve`, {
      method: 'POST',
      redirect: 'manual',
    });
    expect(approve.status).toBe(401);
    expect((await fetch(`${urls.inbox}/`)).status).toBe(401);
    expect((await fetch(`${urls.inbox}/api/messages`)).status).toBe(401);
    const auth = { authorization: `Bearer ${token}` };
    expect((await fetch(`${urls.bank}/sms.json`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${urls.inbox}/api/messages`, { headers: auth })).status).toBe(200);
    // Plain http: no HSTS from any app.
    expect((await fetch(`${urls.bank}/healthz`)).headers.get('strict-transport-security')).toBeNull();
    expect((await fetch(`${urls.area}/healthz`)).headers.get('strict-transport-security')).toBeNull();
  });
});
