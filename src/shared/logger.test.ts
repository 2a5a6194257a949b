import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createLogger, logDestination, redactUrl } from './logger.ts';

describe('logger', () => {
  it('keeps one-time tokens out of request logs', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = Fastify({ loggerInstance: createLogger('info', 'test', sink) });
    app.get('/handoff', async () => 'ok');
    await app.inject({ url: '/handoff?token=one-time-secret&lang=it' });
    await app.close();
    const logged = lines.join('');
    expect(logged).toContain('/handoff?token=[redacted]&lang=it');
    expect(logged).not.toContain('one-time-secret');
  });

  it('redacts tokens and codes wherever they stand in a query string', () => {
    expect(redactUrl('/a?x=1&code=123456#top')).toBe('/a?x=1&code=[redacted]#top');
    expect(redactUrl('/a?tokenish=1')).toBe('/a?tokenish=1');
  });

  it('a terminal in development reads one line per request; a collector, or production, gets JSON', () => {
    expect(logDestination('auto', { isTTY: false, production: false })).toBeUndefined();
    expect(logDestination('auto', { isTTY: true, production: true })).toBeUndefined();
    expect(logDestination('json', { isTTY: true, production: false })).toBeUndefined();

    const lines: string[] = [];
    const output = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const pretty = logDestination('pretty', { isTTY: false, production: true }, output);
    expect(pretty).toBeDefined();
    createLogger('info', 'cassa', pretty)
      .child({ app: 'area' })
      .info({ method: 'GET', url: '/login', status: 200, ms: 3.1, reqId: 'r1' }, 'request');
    expect(lines.join('')).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: area: GET \/login 200 3\.1ms\n$/);
  });
});
