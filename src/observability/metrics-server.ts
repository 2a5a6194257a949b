import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { type ReadinessCheck, readinessOf } from '../shared/health/readiness.ts';

export interface MetricsServer {
  /** `http://host:port/metrics`, with the port actually bound (METRICS_PORT=0 picks a free one). */
  url: string;
  close(): Promise<void>;
}

/**
 * `GET /metrics` in Prometheus's text format, on a listener of its own (by default on loopback), so that the figures
 * never share a port, a proxy route or a rate limit with the public apps. Plain node:http, nothing to log. Also
 * `GET /readyz` with the process's own checks: a `worker` process has no other port to be probed on.
 */
export async function startMetricsServer(options: {
  registry: Registry;
  host: string;
  port: number;
  logger: Logger;
  readiness?: Record<string, ReadinessCheck>;
}): Promise<MetricsServer> {
  const { registry } = options;
  const server = http.createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const reading = request.method === 'GET' || request.method === 'HEAD';
    if (path === '/readyz' && reading) {
      void readinessOf(options.readiness ?? {}).then((readiness) => {
        const body = readiness.ready
          ? { status: 'ready', checks: readiness.checks }
          : { status: 'unavailable', reason: readiness.reason, checks: readiness.checks };
        response
          .writeHead(readiness.ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
          .end(JSON.stringify(body));
      });
      return;
    }
    if (path !== '/metrics' || !reading) {
      response
        .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
        .end('Not found: try GET /metrics or GET /readyz\n');
      return;
    }
    registry.metrics().then(
      (text) => {
        response.writeHead(200, { 'content-type': registry.contentType });
        response.end(request.method === 'HEAD' ? undefined : text);
      },
      (error: unknown) => {
        options.logger.error({ err: error }, 'metrics: the scrape failed');
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics unavailable\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
