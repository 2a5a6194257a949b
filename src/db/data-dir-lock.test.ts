import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError, lockFilePath, readLiveOwner } from './data-dir-lock.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cassa-lock-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('data directory lock', () => {
  it('refuses a second owner while the first lives, naming it', () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir, 'server', 3009);
    // Pretend the lock belongs to another live node process: this test runner's parent.
    fs.writeFileSync(lockFilePath(dir), JSON.stringify({ ...lock.owner, pid: process.ppid }));
    expect(() => acquireDataDirLock(dir, 'cli')).toThrowError(DataDirLockedError);
    expect(() => acquireDataDirLock(dir, 'cli')).toThrowError(/Another Cassa server \(pid \d+/);
    expect(readLiveOwner(dir)?.adminPort).toBe(3009);
  });

  it('takes over a lock left by a process that was killed', () => {
    const dir = tempDir();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    fs.writeFileSync(lockFilePath(dir), JSON.stringify({ pid: dead, startedAt: 'then', role: 'server' }));
    expect(readLiveOwner(dir)).toBeUndefined();
    const lock = acquireDataDirLock(dir, 'server');
    expect(readLiveOwner(dir)?.pid).toBe(process.pid);
    lock.release();
    expect(fs.existsSync(lockFilePath(dir))).toBe(false);
  });
});
