import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBankConfig } from './bank-config.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bank-config-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('bank configuration', () => {
  it('takes the vault key from BANK_VAULT_KEY', () => {
    const key = randomBytes(32);
    const config = loadBankConfig({
      env: { BANK_VAULT_KEY: key.toString('base64') },
      dataDir: tempDir(),
      publicUrl: 'http://localhost:3002/',
    });
    expect(config.vaultKey.reveal().equals(key)).toBe(true);
    expect(config.publicUrl).toBe('http://localhost:3002');
  });

  it('refuses a BANK_VAULT_KEY that is not 32 bytes of base64', () => {
    const env = { BANK_VAULT_KEY: randomBytes(16).toString('base64') };
    expect(() => loadBankConfig({ env, dataDir: tempDir(), publicUrl: 'http://x' })).toThrow(/32 random bytes/);
  });

  it('outside production generates the key once into DATA_DIR/bank/vault.key with mode 0600, then reuses it', () => {
    const dataDir = tempDir();
    const first = loadBankConfig({ env: {}, dataDir, publicUrl: 'http://x' });
    const file = path.join(dataDir, 'bank', 'vault.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const second = loadBankConfig({ env: {}, dataDir, publicUrl: 'http://x' });
    expect(second.vaultKey.reveal().equals(first.vaultKey.reveal())).toBe(true);
  });

  it('in production requires BANK_VAULT_KEY', () => {
    expect(() =>
      loadBankConfig({ env: { NODE_ENV: 'production' }, dataDir: tempDir(), publicUrl: 'http://x' }),
    ).toThrow(/BANK_VAULT_KEY/);
  });

  it('never prints the key when the config is logged', () => {
    const config = loadBankConfig({ env: {}, dataDir: tempDir(), publicUrl: 'http://x' });
    const b64 = config.vaultKey.reveal().toString('base64');
    expect(JSON.stringify(config)).not.toContain(b64);
    expect(inspect(config)).not.toContain(b64);
    expect(config.notifications.retryForSeconds).toBeGreaterThanOrEqual(24 * 3600);
  });

  it('holds a manual-capture authorization 7 days unless BANK_AUTHORIZATION_TTL_SECONDS says otherwise', () => {
    const dataDir = tempDir();
    expect(loadBankConfig({ env: {}, dataDir, publicUrl: 'http://x' }).authorizationTtlSeconds).toBe(7 * 86_400);
    const env = { BANK_AUTHORIZATION_TTL_SECONDS: '3600' };
    expect(loadBankConfig({ env, dataDir, publicUrl: 'http://x' }).authorizationTtlSeconds).toBe(3600);
    expect(() =>
      loadBankConfig({ env: { BANK_AUTHORIZATION_TTL_SECONDS: '-1' }, dataDir, publicUrl: 'http://x' }),
    ).toThrow(/BANK_AUTHORIZATION_TTL_SECONDS/);
  });
});
