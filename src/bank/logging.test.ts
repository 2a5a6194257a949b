import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { bankLogger } from './logging.ts';

describe('bank logger', () => {
  it('redacts card numbers, CVVs, cookies and signatures even when a caller passes them', () => {
    const lines: string[] = [];
    const parent = pino(
      { level: 'info' },
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    const logger = bankLogger(parent);
    logger.info(
      {
        cvv: '735',
        form: { number: '4242424242424242', cvv: '735' },
        req: { headers: { cookie: 'bank_binding=abc' } },
      },
      'oops',
    );
    const line = lines.join('');
    expect(line).toContain('"app":"bank"');
    expect(line).toContain('[redacted]');
    expect(line).not.toContain('4242424242424242');
    expect(line).not.toContain('735');
    expect(line).not.toContain('bank_binding=abc');
  });
});
