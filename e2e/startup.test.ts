import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePorts } from './support/ports.ts';
import { runEntry, type Started, waitForOutput } from './support/processes.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cassa-start-'));
const running: Started[] = [];

async function envWithPorts(): Promise<Record<string, string>> {
  const [area, pay, bank, admin, smtp, inbox, api, backoffice, metrics] = await freePorts(9);
  return {
    DATA_DIR: dataDir,
    AREA_PORT: String(area),
    PAY_PORT: String(pay),
    BANK_PORT: String(bank),
    ADMIN_PORT: String(admin),
    API_PORT: String(api),
    BACKOFFICE_PORT: String(backoffice),
    METRICS_PORT: String(metrics),
    INBOX_SMTP_PORT: String(smtp),
    INBOX_WEB_PORT: String(inbox),
    PUBLIC_AREA_URL: `http://localhost:${area}`,
    PUBLIC_PAY_URL: `http://localhost:${pay}`,
    PUBLIC_BANK_URL: `http://localhost:${bank}`,
    PUBLIC_API_URL: `http://localhost:${api}`,
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    NODE_ENV: 'development',
  };
}

afterAll(async () => {
  for (const started of running) started.child.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start on the embedded database', () => {
  let env: Record<string, string>;

  it('serves Area Clienti, Pagamenti and a health endpoint on every app, with demo data', async () => {
    env = await envWithPorts();
    const server = runEntry('src/main.ts', [], env);
    running.push(server);
    await waitForOutput(server, 'Cassa is running');
    expect(server.output()).toContain('mario.rossi@example.com / cassa-demo');
    expect(server.output()).toContain(`API            ${env.PUBLIC_API_URL}/api/docs`);
    const apps = [
      env.PUBLIC_AREA_URL,
      env.PUBLIC_PAY_URL,
      env.PUBLIC_BANK_URL,
      env.PUBLIC_API_URL,
      `http://localhost:${env.INBOX_WEB_PORT}`,
    ];
    for (const url of apps.map((u) => `${u}/healthz`)) {
      expect((await fetch(url)).status, url).toBe(200);
    }
    const login = await fetch(`${env.PUBLIC_AREA_URL}/login`);
    expect(await login.text()).toContain('Accedi');
  });

  it('logs one info line per page at the default level, and none for 100 health checks', async () => {
    const server = running[0]!;
    // Request lines only: the demo data's first renewal pass and its emails log at info in the background, at a
    // moment a loaded machine moves into this test.
    const infoLines = () =>
      server
        .output()
        .split('\n')
        .filter((line) => line.includes('"level":30') && line.includes('"msg":"request"'));
    const page = infoLines().length;
    await fetch(`${env.PUBLIC_AREA_URL}/login`);
    await expect.poll(() => infoLines().length).toBe(page + 1);
    const line = JSON.parse(infoLines().at(-1) ?? '{}');
    expect(line).toMatchObject({ msg: 'request', method: 'GET', url: '/login', status: 200, app: 'area' });
    const before = infoLines().length;
    for (let i = 0; i < 100; i += 1) await fetch(`${env.PUBLIC_AREA_URL}/healthz`);
    await fetch(`${env.PUBLIC_PAY_URL}/login`); // a marker: once its line is there, every earlier line is too
    await expect.poll(() => infoLines().length).toBe(before + 1);
    expect(infoLines().filter((line) => line.includes('/healthz'))).toEqual([]);
  });

  it('says which port is taken and which variable moves it', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, 'localhost', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    const otherDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cassa-port-'));
    try {
      const second = runEntry('src/main.ts', [], {
        ...(await envWithPorts()),
        DATA_DIR: otherDir,
        BANK_PORT: String(port),
      });
      expect(await second.exited).toBe(1);
      expect(second.output()).toMatch(new RegExp(`Banca Sandbox cannot listen on localhost:${port}.*BANK_PORT=<port>`));
    } finally {
      taken.close();
      fs.rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('hands CLI commands to the running server instead of opening the database twice', async () => {
    const seed = runEntry('src/cli/main.ts', ['seed'], env);
    expect(await seed.exited).toBe(0);
    expect(seed.output()).toMatch(/running "seed" inside it/);
    expect(seed.output()).toContain('demo data already present');
  });

  it('makes an API key inside the running server, and the key works on the API origin over HTTP', async () => {
    const create = runEntry('src/cli/main.ts', ['api-keys', 'create', '--name', 'erp'], env);
    expect(await create.exited).toBe(0);
    expect(create.output()).toMatch(/running "api-keys" inside it/);
    const key = /cassa_test_[A-Za-z0-9]+/.exec(create.output())?.[0];
    expect(key).toMatch(/^cassa_test_[A-Za-z0-9]{32}$/);
    const headers = { authorization: `Bearer ${key}` };
    const found = await fetch(`${env.PUBLIC_API_URL}/api/v1/customers?email=mario.rossi@example.com`, { headers });
    expect(found.status).toBe(200);
    const mario = ((await found.json()) as { data: { id: string; email: string }[] }).data[0];
    expect(mario?.email).toBe('mario.rossi@example.com');
    const services = await fetch(`${env.PUBLIC_API_URL}/api/v1/services?customer=${mario?.id}`, { headers });
    const pec = ((await services.json()) as { data: { id: string; product_code: string }[] }).data.find(
      (s) => s.product_code === 'PEC',
    );
    const order = await fetch(`${env.PUBLIC_API_URL}/api/v1/orders`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': 'startup-order' },
      body: JSON.stringify({ customer: mario?.id, service: pec?.id, kind: 'purchase' }),
    });
    expect(order.status).toBe(201);
    expect(await order.json()).toMatchObject({ number: expect.stringMatching(/^ORD-/), state: 'awaiting_payment' });
    const list = runEntry('src/cli/main.ts', ['api-keys', 'list'], env);
    expect(await list.exited).toBe(0);
    expect(list.output()).toContain(key?.slice(0, 19));
    expect(list.output()).not.toContain(key);
  });

  it('refuses a second server on the same data directory with a clear message', async () => {
    const second = runEntry('src/main.ts', [], await envWithPorts());
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/Another Cassa server \(pid \d+.*is using the data directory/);
  });

  it('starts again after kill -9 and keeps the data', async () => {
    const first = running[0]!;
    first.child.kill('SIGKILL');
    await first.exited;
    const again = runEntry('src/main.ts', [], env);
    running.push(again);
    await waitForOutput(again, 'Cassa is running');
    const migrate = runEntry('src/cli/main.ts', ['migrate'], env);
    expect(await migrate.exited).toBe(0);
    expect(migrate.output()).toContain('database already up to date');
    const seed = runEntry('src/cli/main.ts', ['seed'], env);
    expect(await seed.exited).toBe(0);
    expect(seed.output()).toContain('demo data already present');
  });
});
