import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs one of Cassa's entry points (src/main.ts, src/cli/main.ts) as its own process, as `npm start` would. */
export function runEntry(entry: string, args: string[], env: Record<string, string>): Started {
  let output = '';
  // One process, as `npm start` runs it (`node --import tsx`), so that a kill reaches the server itself.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, entry), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Resolves when the process prints `text`, rejects if it exits first or the time runs out. */
export async function waitForOutput(started: Started, text: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  started.exited.then((code) => {
    exitCode = code;
  });
  while (!started.output().includes(text)) {
    if (exitCode !== undefined)
      throw new Error(`process exited (${exitCode}) before printing "${text}":\n${started.output()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for "${text}":\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
