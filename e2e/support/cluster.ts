import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePorts } from './ports.ts';
import { runEntry, type Started, waitForOutput } from './processes.ts';
import { type RoundRobinProxy, startRoundRobinProxy } from './round-robin-proxy.ts';

/** One server process of a cluster, with the roles it was given. */
export interface RoleProcess {
  roles: string;
  started: Started;
  /** Its own `GET /metrics`. */
  metricsUrl: string;
  /** Its direct address per web app it runs (behind the proxies). */
  direct: Partial<Record<'area' | 'pay', string>>;
}

export interface Cluster {
  /** What customers and the bank use: the proxies in front of the web processes, the bank, the inbox's page. */
  urls: { area: string; pay: string; bank: string; inbox: string };
  proxies: { area: RoundRobinProxy; pay: RoundRobinProxy };
  web: RoleProcess[];
  workers: RoleProcess[];
  bank: RoleProcess;
  dataDir: string;
  /** Starts one more `worker` process. */
  addWorker(): Promise<RoleProcess>;
  /** Sends SIGTERM to every process (SIGKILL after 30 s) and closes the proxies. */
  stop(): Promise<void>;
}

const STARTED = 'Cassa is running';

/**
 * Cassa as the reference layout runs it (docs/production.md), on one machine: `web` processes with `area,pay`
 * behind a round-robin proxy each, `workers` processes with `worker`, and one with `bank,inbox`, all on one
 * PostgreSQL database. Real processes, started as `npm start` starts one, each with its own metrics port.
 */
export async function startCluster(options: {
  databaseUrl: string;
  web: number;
  workers: number;
  env?: Record<string, string>;
}): Promise<Cluster> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cassa-cluster-'));
  const [bankPort, inboxSmtp, inboxWeb, ...webPorts] = await freePorts(3 + options.web * 2);
  const web = Array.from({ length: options.web }, (_, i) => ({
    area: `http://127.0.0.1:${webPorts[i * 2]}`,
    pay: `http://127.0.0.1:${webPorts[i * 2 + 1]}`,
  }));
  const proxies = {
    area: await startRoundRobinProxy(web.map((w) => w.area)),
    pay: await startRoundRobinProxy(web.map((w) => w.pay)),
  };
  const bankUrl = `http://127.0.0.1:${bankPort}`;
  const shared: Record<string, string> = {
    NODE_ENV: 'development',
    DATABASE_URL: options.databaseUrl,
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    BANK_MERCHANT_SECRET: 'cluster-merchant-secret-0123456789',
    BANK_PORT: String(bankPort),
    INBOX_SMTP_PORT: String(inboxSmtp),
    INBOX_WEB_PORT: String(inboxWeb),
    PUBLIC_AREA_URL: proxies.area.url,
    PUBLIC_PAY_URL: proxies.pay.url,
    PUBLIC_BANK_URL: bankUrl,
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    ...options.env,
  };
  const all: RoleProcess[] = [];
  const launch = async (roles: string, env: Record<string, string>, direct: RoleProcess['direct']) => {
    const [metrics, api, backoffice] = (await freePorts(3)) as [number, number, number];
    // Workers start as `npm run cassa -- serve --roles worker`, the others as `CASSA_ROLES=… npm start`: both ways.
    const [entry, args, rolesEnv] =
      roles === 'worker'
        ? ['src/cli/main.ts', ['serve', '--roles', roles], {}]
        : ['src/main.ts', [], { CASSA_ROLES: roles }];
    const started = runEntry(entry, args, {
      ...shared,
      ...env,
      ...rolesEnv,
      METRICS_PORT: String(metrics),
      API_PORT: String(api),
      BACKOFFICE_PORT: String(backoffice),
    });
    const process: RoleProcess = { roles, started, metricsUrl: `http://127.0.0.1:${metrics}/metrics`, direct };
    all.push(process);
    await waitForOutput(started, STARTED, 120_000);
    return process;
  };
  const stop = async () => {
    await Promise.all(
      all.map(async ({ started }) => {
        if (started.child.exitCode !== null || started.child.signalCode !== null) return;
        started.child.kill('SIGTERM');
        const killer = setTimeout(() => started.child.kill('SIGKILL'), 30_000);
        await started.exited;
        clearTimeout(killer);
      }),
    );
    await Promise.all([proxies.area.close(), proxies.pay.close()]);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // The bank first: the web processes' first pages send customers there, and it registers the demo card.
    const bank = await launch('bank,inbox', {}, {});
    const webProcesses = await Promise.all(
      web.map((urls) =>
        launch('area,pay', { AREA_PORT: new URL(urls.area).port, PAY_PORT: new URL(urls.pay).port }, urls),
      ),
    );
    const addWorker = () => launch('worker', {}, {});
    const workers = await Promise.all(Array.from({ length: options.workers }, addWorker));
    return {
      urls: { area: proxies.area.url, pay: proxies.pay.url, bank: bankUrl, inbox: `http://127.0.0.1:${inboxWeb}` },
      proxies,
      web: webProcesses,
      workers,
      bank,
      dataDir,
      addWorker,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
