import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { DEMO_GIULIA, DEMO_MARIO, DEMO_PASSWORD } from '../demo/demo-data.ts';
import { TestClient } from '../web/test-client.ts';
import { openTestArea, type TestArea } from './test-area.ts';

const PROXY = '192.0.2.10';

describe.each(testDatabaseKinds())('behind a trusted reverse proxy (TRUST_PROXY) on %s', (kind) => {
  let area: TestArea;
  beforeAll(async () => {
    area = await openTestArea(kind, { env: { TRUST_PROXY: PROXY } });
  });
  afterAll(() => area?.close());

  const viaProxy = (clientIp: string) => new TestClient(area.app, PROXY, { 'x-forwarded-for': clientIp });

  it('counts login attempts per client address, not per proxy', async () => {
    const attacker = viaProxy('203.0.113.66');
    for (let i = 0; i < 30; i++) expect((await attacker.logIn(`guess-${i}@example.com`, 'x')).statusCode).toBe(401);
    expect((await attacker.logIn(DEMO_MARIO.email, DEMO_PASSWORD)).statusCode).toBe(429);
    // Another customer behind the same proxy is not locked out by the attacker.
    expect((await viaProxy('198.51.100.7').logIn(DEMO_MARIO.email, DEMO_PASSWORD)).statusCode).toBe(303);
  });

  it('slows an account per client address: the failing client waits, the customer behind the same proxy does not', async () => {
    const guesser = viaProxy('203.0.113.67');
    for (let i = 0; i < 3; i++) expect((await guesser.logIn(DEMO_GIULIA.email, `wrong-${i}`)).statusCode).toBe(401);
    expect((await guesser.logIn(DEMO_GIULIA.email, DEMO_PASSWORD)).statusCode).toBe(429);
    expect((await viaProxy('198.51.100.8').logIn(DEMO_GIULIA.email, DEMO_PASSWORD)).statusCode).toBe(303);
  });

  it('ignores X-Forwarded-For from an address it does not trust', async () => {
    const direct = (forged: string) => new TestClient(area.app, '203.0.113.99', { 'x-forwarded-for': forged });
    for (let i = 0; i < 30; i++) {
      expect((await direct(`10.9.0.${i}`).logIn(`other-${i}@example.com`, 'x')).statusCode).toBe(401);
    }
    expect((await direct('10.9.1.1').logIn(DEMO_MARIO.email, DEMO_PASSWORD)).statusCode).toBe(429);
  });
});
