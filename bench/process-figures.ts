import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePorts } from '../e2e/support/ports.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

/** How a server process is started: from source as `npm start` does, or the built artefact (`npm run build`). */
export type Launcher = 'source' | 'dist';

export interface StartedServer {
  /** Milliseconds from spawn to the start banner ("Cassa is running": every app listening, demo data loaded). */
  readyMs: number;
  rssBytes(): number;
  stop(): Promise<void>;
}

/**
 * Starts Cassa as one process on `dataDir` (every role, its own free ports) and resolves once it printed its start
 * banner. `env` adds to the environment (DATABASE_URL for PostgreSQL).
 */
export async function startServer(
  launcher: Launcher,
  dataDir: string,
  env: Record<string, string> = {},
): Promise<StartedServer> {
  const [area, pay, bank, api, backoffice, admin, metrics, smtp, inbox] = (await freePorts(9)) as number[];
  const args = launcher === 'dist' ? [path.join(ROOT, 'dist/main.js')] : ['--import', 'tsx', 'src/main.ts'];
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      DATA_DIR: dataDir,
      AREA_PORT: String(area),
      PAY_PORT: String(pay),
      BANK_PORT: String(bank),
      API_PORT: String(api),
      BACKOFFICE_PORT: String(backoffice),
      ADMIN_PORT: String(admin),
      METRICS_PORT: String(metrics),
      INBOX_SMTP_PORT: String(smtp),
      INBOX_WEB_PORT: String(inbox),
      PUBLIC_AREA_URL: `http://localhost:${area}`,
      PUBLIC_PAY_URL: `http://localhost:${pay}`,
      PUBLIC_BANK_URL: `http://localhost:${bank}`,
      PUBLIC_API_URL: `http://localhost:${api}`,
      PUBLIC_BACKOFFICE_URL: `http://localhost:${backoffice}`,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes('Cassa is running')) {
        clearInterval(timer);
        resolve();
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`the server exited before it was ready:\n${output}`));
      }
    }, 10);
  });
  const readyMs = performance.now() - started;
  return {
    readyMs,
    rssBytes: () => rssOf(child.pid as number),
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Resident memory of a process, from /proc (Linux), in bytes. */
function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS for ${pid}`);
  return Number(kb) * 1024;
}

export function newDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cassa-bench-'));
}

export function launchers(): Launcher[] {
  return fs.existsSync(path.join(ROOT, 'dist/main.js')) ? ['source', 'dist'] : ['source'];
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function loadAverage(): string {
  return os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
}

export function print(line: string): void {
  process.stdout.write(`${line}\n`);
}
