import { timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensureSecretFile } from '../shared/secret-file.ts';

/** The admin token guards the loopback admin endpoint; it lives in DATA_DIR, readable only by its owner. */
export function adminTokenPath(dataDir: string): string {
  return path.join(dataDir, 'admin-token');
}

export function ensureAdminToken(dataDir: string): string {
  return ensureSecretFile(adminTokenPath(dataDir));
}

export function readAdminToken(dataDir: string): string | undefined {
  try {
    return fs.readFileSync(adminTokenPath(dataDir), 'utf8').trim();
  } catch {
    return undefined;
  }
}

export function tokensEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
