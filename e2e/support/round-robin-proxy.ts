import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobinProxy {
  url: string;
  /** Requests each backend answered, by its origin. */
  served: Map<string, number>;
  close(): Promise<void>;
}

/**
 * The load balancer of the reference layout, for tests and benchmarks: every request goes to the next backend in
 * turn, headers (Host, cookies) passed as they came, so one customer's flow crosses every web process. No sticky
 * sessions on purpose: a step that only worked on the process that served the one before would fail here.
 */
export async function startRoundRobinProxy(backends: readonly string[]): Promise<RoundRobinProxy> {
  if (backends.length === 0) throw new Error('a proxy needs at least one backend');
  const served = new Map(backends.map((backend) => [backend, 0]));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  let next = 0;
  const server = http.createServer((request, response) => {
    const backend = new URL(backends[next++ % backends.length] as string);
    served.set(backend.origin, (served.get(backend.origin) ?? 0) + 1);
    const upstream = http.request(
      {
        agent,
        host: backend.hostname,
        port: backend.port,
        method: request.method,
        path: request.url,
        headers: request.headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', (error) => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(`proxy: ${backend.origin} failed: ${error.message}\n`);
    });
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
