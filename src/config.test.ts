import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('has working defaults for a development machine', () => {
    const config = loadConfig({});
    expect(config.ports).toEqual({ area: 3000, pay: 3001, bank: 3002, admin: 3009 });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.publicUrls.pay).toBe('http://localhost:3001');
    expect(config.seedDemoData).toBe(true);
  });

  it('needs the bank secret from the environment in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u@h/db' })).toThrowError(
      /BANK_MERCHANT_SECRET/,
    );
    expect(() => loadConfig({ BANK_MERCHANT_SECRET: 'short' })).toThrowError(/at least 16 characters/);
  });

  it('says plainly what is wrong', () => {
    const attempt = () => loadConfig({ DATABASE_URL: 'mysql://x', AREA_PORT: 'abc' });
    expect(attempt).toThrowError(/DATABASE_URL is not a postgres:\/\/ URL/);
    expect(attempt).toThrowError(/AREA_PORT must be a TCP port number/);
  });

  it('refuses the embedded database in production unless explicitly allowed', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrowError(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrowError(/does not fsync/);
    const secret = { BANK_MERCHANT_SECRET: 'a-long-merchant-secret' };
    expect(loadConfig({ NODE_ENV: 'production', CASSA_ALLOW_EMBEDDED_DB: '1', ...secret }).seedDemoData).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u@h/db', ...secret }).databaseUrl).toBe(
      'postgres://u@h/db',
    );
  });
});
