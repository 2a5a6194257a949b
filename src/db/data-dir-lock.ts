import fs from 'node:fs';
import path from 'node:path';

/**
 * Cassa's own lock on a data directory.
 *
 * PGlite is one in-process PostgreSQL with no lock of its own: two processes opening one directory silently lose
 * writes. The first process to start writes `cassa.lock` with its pid (and the loopback admin port, so that
 * `npm run cassa -- …` can hand its work to the running server instead of opening the database a second time).
 */
export interface LockOwner {
  pid: number;
  startedAt: string;
  /** 'server' listens on `adminPort`; 'cli' is a one-off command. */
  role: 'server' | 'cli';
  adminPort?: number;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: LockOwner,
  ) {
    super(
      `Another Cassa ${owner.role === 'server' ? 'server' : 'command'} (pid ${owner.pid}, started ${owner.startedAt}) ` +
        `is using the data directory ${dataDir}. The embedded database allows one process at a time: stop that process, ` +
        'use another DATA_DIR, or run commands through `npm run cassa -- <command>`, which talks to a running server.',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  owner: LockOwner;
  release(): void;
}

const LOCK_FILE = 'cassa.lock';

export function lockFilePath(dataDir: string): string {
  return path.join(dataDir, LOCK_FILE);
}

/** The live owner of the lock, or undefined when the directory is free (a lock left by a dead process is ignored). */
export function readLiveOwner(dataDir: string): LockOwner | undefined {
  let owner: LockOwner;
  try {
    owner = JSON.parse(fs.readFileSync(lockFilePath(dataDir), 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
  return isAlive(owner.pid) ? owner : undefined;
}

export function acquireDataDirLock(dataDir: string, role: LockOwner['role'], adminPort?: number): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = lockFilePath(dataDir);
  const owner: LockOwner = {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    role,
    ...(adminPort !== undefined ? { adminPort } : {}),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(owner), { flag: 'wx', mode: 0o600 });
      return { owner, release: () => releaseIfOurs(file) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const live = readLiveOwner(dataDir);
      if (live && live.pid !== process.pid) throw new DataDirLockedError(dataDir, live);
      // The owner died (kill -9, power cut): its lock is stale.
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`could not take the lock ${file}`);
}

/** Points the lock at the admin port once the server listens on it. */
export function updateLockAdminPort(dataDir: string, lock: DataDirLock, adminPort: number): void {
  lock.owner.adminPort = adminPort;
  fs.writeFileSync(lockFilePath(dataDir), JSON.stringify(lock.owner), { mode: 0o600 });
}

function releaseIfOurs(file: string): void {
  try {
    const owner = JSON.parse(fs.readFileSync(file, 'utf8')) as LockOwner;
    if (owner.pid === process.pid) fs.rmSync(file, { force: true });
  } catch {
    // already gone
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // After a reboot the pid may belong to an unrelated program: only a node process can be a Cassa owner.
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node');
  } catch {
    return true;
  }
}
