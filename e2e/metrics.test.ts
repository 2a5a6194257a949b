import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from './support/system.ts';

/** The running product's metrics endpoint (issue 13): its own loopback listener, one registry for every app. */
describe('GET /metrics of a running system', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('answers on loopback in Prometheus text, with the requests every app answered', async () => {
    expect(system.urls.metrics).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    for (const url of [system.urls.area, system.urls.pay, system.urls.bank, system.urls.api, system.urls.backoffice]) {
      expect((await fetch(`${url}/healthz`)).status, url).toBe(200);
    }
    const response = await fetch(system.urls.metrics);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    for (const app of ['area', 'pay', 'bank', 'api', 'backoffice']) {
      expect(text).toContain(`cassa_http_request_duration_seconds_count{app="${app}",route="/healthz",method="GET"`);
    }
    for (const series of [
      'cassa_payment_attempts{',
      'cassa_renewals{',
      'cassa_outbox_oldest_pending_age_seconds ',
      'cassa_reconciliation_backlog ',
      'cassa_db_pool_in_use ',
      'nodejs_eventloop_lag_seconds ',
    ]) {
      expect(text).toMatch(new RegExp(`^${series.replace(/[{]/g, '\\{')}`, 'm'));
    }
  });

  it('is served only there: the public apps do not answer /metrics', async () => {
    expect((await fetch(`${system.urls.area}/metrics`)).status).toBe(404);
    expect((await fetch(new URL('/other', system.urls.metrics))).status).toBe(404);
  });
});
