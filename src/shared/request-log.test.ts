import Fastify, { type FastifyBaseLogger } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { currentRequestId } from './request-context.ts';
import { isRoutineRequest, requestLogOptions, trackRequestIds } from './request-log.ts';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = { write: (line: string) => lines.push(JSON.parse(line)) };
  return { lines, destination };
}

async function appLoggingAt(level: string) {
  const { lines, destination } = capture();
  const app = Fastify({
    loggerInstance: createLogger(level, 'test', destination) as FastifyBaseLogger,
    ...requestLogOptions(),
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/orders/:n', async () => 'ok');
  app.get('/broken', async () => {
    throw new Error('a bug');
  });
  await app.ready();
  return { app, lines };
}

describe('request logging', () => {
  it('100 health checks add no info line; a page adds exactly one, with status, duration and request id', async () => {
    const { app, lines } = await appLoggingAt('info');
    for (let i = 0; i < 100; i += 1) await app.inject('/healthz');
    expect(lines).toEqual([]);
    await app.inject('/orders/ORD-1?token=secret-one-time');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, msg: 'request', method: 'GET', status: 200 });
    expect(lines[0]?.url).toBe('/orders/ORD-1?token=[redacted]');
    expect(typeof lines[0]?.ms).toBe('number');
    expect(lines[0]?.reqId).toBeTruthy();
  });

  it('a request that fails with a 500 is still logged, at error, with the error', async () => {
    const { app, lines } = await appLoggingAt('info');
    await app.inject('/broken');
    const errors = lines.filter((l) => l.level === 50);
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(errors.some((l) => JSON.stringify(l).includes('a bug'))).toBe(true);
    expect(lines.find((l) => l.msg === 'request')).toMatchObject({ status: 500, url: '/broken' });
  });

  it('health checks are still there at debug', async () => {
    const { app, lines } = await appLoggingAt('debug');
    await app.inject('/healthz');
    expect(lines.filter((l) => l.msg === 'request')).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 20, url: '/healthz' });
  });

  it('routine traffic is health, assets and icons; pages and APIs are not', () => {
    for (const url of ['/healthz', '/readyz', '/assets/app.css', '/favicon.ico', '/inbox.css', '/favicon.svg']) {
      expect(isRoutineRequest(url), url).toBe(true);
    }
    for (const url of ['/', '/login', '/orders/ORD-2026-000001', '/api/v1/orders', '/pay/pa_1/status']) {
      expect(isRoutineRequest(url), url).toBe(false);
    }
  });
});

describe('request ids', () => {
  const appWith = async (options: Parameters<typeof requestLogOptions>[0] = {}) => {
    const app = Fastify({ logger: false, ...requestLogOptions(options) });
    trackRequestIds(app);
    app.get('/api/v1/x', async () => ({ id: currentRequestId() }));
    app.get('/page', async () => ({ id: currentRequestId() }));
    await app.ready();
    return app;
  };

  it('every answer carries its X-Request-Id, the same id the handler (and a call to the bank) sees', async () => {
    const app = await appWith();
    const response = await app.inject('/page');
    const id = response.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.json()).toEqual({ id });
    expect(currentRequestId()).toBeUndefined();
  });

  it('a public page makes its own id; a trusted caller keeps its own (the merchant calling the bank)', async () => {
    const given = { 'x-request-id': 'merchant-request-0001' };
    const publicApp = await appWith();
    expect((await publicApp.inject({ url: '/api/v1/x', headers: given })).headers['x-request-id']).not.toBe(
      'merchant-request-0001',
    );
    const bank = await appWith({ trustsGivenId: (request) => request.url?.startsWith('/api/v1/') === true });
    const trusted = await bank.inject({ url: '/api/v1/x', headers: given });
    expect(trusted.headers['x-request-id']).toBe('merchant-request-0001');
    expect(trusted.json()).toEqual({ id: 'merchant-request-0001' });
    expect((await bank.inject({ url: '/page', headers: given })).headers['x-request-id']).not.toBe(
      'merchant-request-0001',
    );
    const odd = await bank.inject({ url: '/api/v1/x', headers: { 'x-request-id': 'bad id\nwith lines' } });
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
