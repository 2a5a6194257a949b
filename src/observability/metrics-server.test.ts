import pino from 'pino';
import { Counter, Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenOrExplain, PortInUseError } from '../shared/port-in-use.ts';
import { type MetricsServer, startMetricsServer } from './metrics-server.ts';

describe('the metrics listener', () => {
  const registry = new Registry();
  const logger = pino({ level: 'silent' });
  let server: MetricsServer;
  let databaseUp = true;

  beforeAll(async () => {
    new Counter({ name: 'cassa_test_total', help: 'A test counter.', registers: [registry] }).inc(3);
    server = await startMetricsServer({
      registry,
      host: '127.0.0.1',
      port: 0,
      logger,
      readiness: { database: async () => (databaseUp ? null : 'connection refused') },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('serves the registry at GET /metrics on the port it was given, a free one for 0', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*\/metrics$/);
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(registry.contentType);
    expect(await response.text()).toContain('cassa_test_total 3');
    expect((await fetch(`${server.url}?x=1`)).status).toBe(200);
  });

  it("answers GET /readyz with the process's checks: 200 when they pass, 503 with the reason when one fails", async () => {
    const readyz = new URL('/readyz', server.url);
    const ready = await fetch(readyz);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok' } });
    databaseUp = false;
    const down = await fetch(readyz);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({
      status: 'unavailable',
      reason: 'database: connection refused',
      checks: { database: 'connection refused' },
    });
    databaseUp = true;
  });

  it('answers 404 elsewhere and to other methods', async () => {
    expect((await fetch(new URL('/', server.url))).status).toBe(404);
    expect((await fetch(server.url, { method: 'POST' })).status).toBe(404);
  });

  it('names METRICS_PORT when its port is taken', async () => {
    const port = Number(new URL(server.url).port);
    const where = { host: '127.0.0.1', port };
    const second = listenOrExplain('The metrics endpoint', 'METRICS_PORT', where, () =>
      startMetricsServer({ registry, ...where, logger }),
    );
    await expect(second).rejects.toBeInstanceOf(PortInUseError);
    await expect(second).rejects.toThrow('choose another port with METRICS_PORT=<port>');
  });
});
