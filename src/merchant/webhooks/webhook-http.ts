import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { resolveTarget, type TargetPolicy } from './webhook-target.ts';

/** What is kept of a receiver's answer in the delivery log. */
export const RESPONSE_BODY_LIMIT = 2048;

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  policy: TargetPolicy;
}

export interface WebhookResponse {
  /** The HTTP status, or null when there was none (refused, timed out, blocked). */
  status: number | null;
  /** At most RESPONSE_BODY_LIMIT bytes of what the receiver answered (decoded as UTF-8). */
  body: string | null;
  durationMs: number;
  error: string | null;
}

/**
 * One POST to a receiver. Never throws: every way it can go wrong is a value the delivery log records. The target
 * is resolved and checked here, right before connecting, and the socket connects to exactly that address.
 */
export async function postWebhook(request: WebhookRequest): Promise<WebhookResponse> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const url = new URL(request.url);
  const target = await resolveTarget(url, request.policy);
  if (!target.ok) return { status: null, body: null, durationMs: elapsed(), error: `refused: ${target.reason}` };
  const pinned: LookupFunction = (_host, options, callback) => {
    if (options?.all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [target]);
    else callback(null, target.address, target.family);
  };
  return new Promise((resolve) => {
    let settled = false;
    const finish = (response: Omit<WebhookResponse, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...response, durationMs: elapsed() });
    };
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, {
      method: 'POST',
      headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
      lookup: pinned,
      // Redirects are not followed (node's http never does): a 3xx is a failed try, so a receiver cannot bounce
      // Cassa to a private address the guard would refuse.
    });
    const timer = setTimeout(() => {
      finish({ status: null, body: null, error: `timed out after ${request.timeoutMs} ms` });
      req.destroy();
    }, request.timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => {
      finish({ status: null, body: null, error: error.code ? `${error.code}: ${error.message}` : error.message });
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      res.on('data', (chunk: Buffer) => {
        if (kept < RESPONSE_BODY_LIMIT) {
          const part = chunk.subarray(0, RESPONSE_BODY_LIMIT - kept);
          chunks.push(part);
          kept += part.length;
        }
        // The rest is read and dropped: a receiver answering megabytes costs bandwidth, never memory.
      });
      const done = () =>
        finish({ status: res.statusCode ?? null, body: Buffer.concat(chunks).toString('utf8'), error: null });
      res.on('end', done);
      res.on('error', done);
    });
    req.end(request.body);
  });
}
