import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/** The largest body the sample receiver reads (Cassa's events are a few KB). */
const MAX_BODY = 1_000_000;

export interface Listener {
  port: number;
  close(): Promise<void>;
}

/**
 * `npm run cassa -- webhooks listen --port 4999 --secret whsec_…`: what a developer points an endpoint at while
 * integrating, like `stripe listen`. Each request is verified with standardwebhooks' `Webhook.verify` (signature and
 * a timestamp within 5 minutes) and printed: time, event id, type, object. A good one is answered 204, a bad
 * signature 400 with the reason. It verifies with several secrets (`--secret` repeated, comma-separated) to try a
 * rotation. Runs in the CLI's own process: it needs no database.
 */
export async function startWebhookListener(options: {
  port: number;
  host?: string;
  secrets: string[];
  print: (line: string) => void;
}): Promise<Listener> {
  const verifiers = options.secrets.map((secret) => new Webhook(secret));
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const answer = (status: number, text: string) =>
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${text}\n`);
      if (req.method !== 'POST') return answer(405, 'POST webhooks here');
      if (size > MAX_BODY) return answer(413, 'body too large');
      const headers = {
        'webhook-id': String(req.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
      };
      let event: { id?: string; type?: string; data?: Record<string, { id?: string }> } | undefined;
      let reason = 'no secret given';
      for (const verifier of verifiers) {
        try {
          event = verifier.verify(body, headers) as typeof event;
          break;
        } catch (error) {
          reason = error instanceof WebhookVerificationError ? error.message : String(error);
        }
      }
      const at = new Date().toISOString();
      if (!event) {
        options.print(`${at} REFUSED ${headers['webhook-id'] || '(no webhook-id)'}: ${reason}`);
        return answer(400, `signature verification failed: ${reason}`);
      }
      const object = Object.values(event.data ?? {})[0]?.id ?? '';
      options.print(`${at} ${event.id} ${event.type} ${object}`);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
