import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { BANK_LOG_REDACT_PATHS } from '../logging.ts';
import { CardNumber } from './card-number.ts';
import { createVault } from './vault.ts';

describe('vault', () => {
  const vault = createVault(randomBytes(32));

  it('round-trips a card number, and the ciphertext does not contain it', () => {
    const stored = vault.encrypt('4242424242424242', 'card_1');
    expect(stored).toMatch(/^v1\./);
    expect(stored).not.toContain('4242424242424242');
    expect(vault.decrypt(stored, 'card_1')).toBe('4242424242424242');
  });

  it('uses a fresh IV each time', () => {
    expect(vault.encrypt('4242424242424242', 'card_1')).not.toBe(vault.encrypt('4242424242424242', 'card_1'));
  });

  it('refuses a ciphertext moved to another card, tampered with, or read with another key', () => {
    const stored = vault.encrypt('4242424242424242', 'card_1');
    expect(() => vault.decrypt(stored, 'card_2')).toThrow();
    const parts = stored.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0]! ^= 1;
    expect(() =>
      vault.decrypt([parts[0], parts[1], parts[2], body.toString('base64url')].join('.'), 'card_1'),
    ).toThrow();
    expect(() => createVault(randomBytes(32)).decrypt(stored, 'card_1')).toThrow();
  });

  it('refuses a key of the wrong size', () => {
    expect(() => createVault(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('card number wrapper', () => {
  it('never shows more than the last four digits in strings, JSON, inspect or pino logs', () => {
    const number = CardNumber.parse('4242 4242 4242 4242')!;
    const lines: string[] = [];
    const logger = pino(
      { redact: { paths: BANK_LOG_REDACT_PATHS, censor: '[redacted]' } },
      new Writable({
        write(chunk, _e, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    logger.info({ card: number, nested: { number: '4242424242424242', cvv: '123' } }, `paying with ${number}`);
    const outputs = [String(number), JSON.stringify({ number }), inspect({ number }), `${number}`, lines.join('')];
    for (const output of outputs) {
      expect(output).not.toContain('4242424242424242');
      expect(output).toContain('4242');
    }
    expect(lines.join('')).not.toContain('"123"');
    expect(number.reveal()).toBe('4242424242424242');
  });
});
