import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createLogger, redactUrl } from './logger.ts';

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
});
