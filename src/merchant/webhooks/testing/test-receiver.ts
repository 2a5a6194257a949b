import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a test receiver got: the headers and the raw body of each request, in arrival order. */
export interface Received {
  id: string;
  timestamp: string;
  signature: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  answered: number | null;
}

/**
 * Test support: a webhook receiver on 127.0.0.1 over real HTTP. `respond` decides each answer (status and body, or
 * `hang` to never answer); it can be changed mid-test to play a receiver that is down, then up.
 */
export interface TestReceiver {
  url: string;
  port: number;
  received: Received[];
  respond: (request: Received) => { status: number; body?: string } | 'hang';
  close(): Promise<void>;
}

export async function startTestReceiver(port = 0): Promise<TestReceiver> {
  const hanging = new Set<http.ServerResponse>();
  const receiver: TestReceiver = {
    url: '',
    port: 0,
    received: [],
    respond: () => ({ status: 200, body: 'ok' }),
    close: () =>
      new Promise((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: Received = {
        id: String(req.headers['webhook-id']),
        timestamp: String(req.headers['webhook-timestamp']),
        signature: String(req.headers['webhook-signature']),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        answered: null,
      };
      receiver.received.push(request);
      const answer = receiver.respond(request);
      if (answer === 'hang') {
        hanging.add(res);
        return;
      }
      request.answered = answer.status;
      res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}/hook`;
  return receiver;
}
