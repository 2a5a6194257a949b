import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseSignatureHeader, signPayload, signRequest, verifyRequestSignature, verifySignature } from './signing.ts';

const now = new Date('2026-11-28T10:00:00Z');
const body = '{"amount":4880,"currency":"EUR"}';

describe('signing', () => {
  it('signs "<t>.<payload>" with HMAC-SHA256 as an independent implementation computes it', () => {
    const header = signPayload('s3cret', body, now);
    const t = now.getTime() / 1000;
    const expected = createHmac('sha256', 's3cret').update(`${t}.${body}`).digest('hex');
    expect(header).toBe(`t=${t},v1=${expected}`);
  });

  it('accepts a valid signature', () => {
    const header = signPayload('s3cret', body, now);
    expect(verifySignature({ header, payload: body, secrets: ['s3cret'], now })).toEqual({
      ok: true,
      timestamp: now.getTime() / 1000,
    });
  });

  it('rejects a wrong secret, a changed body and a missing or malformed header', () => {
    const header = signPayload('s3cret', body, now);
    expect(verifySignature({ header, payload: body, secrets: ['other'], now })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifySignature({ header, payload: body.replace('4880', '4881'), secrets: ['s3cret'], now })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifySignature({ header: undefined, payload: body, secrets: ['s3cret'], now }).ok).toBe(false);
    expect(verifySignature({ header: 't=abc,v1=00', payload: body, secrets: ['s3cret'], now })).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });

  it('rejects a signature older or newer than the tolerance, and accepts one just inside it', () => {
    const old = signPayload('s3cret', body, new Date(now.getTime() - 301_000));
    expect(verifySignature({ header: old, payload: body, secrets: ['s3cret'], now })).toEqual({
      ok: false,
      reason: 'stale',
    });
    const future = signPayload('s3cret', body, new Date(now.getTime() + 301_000));
    expect(verifySignature({ header: future, payload: body, secrets: ['s3cret'], now }).ok).toBe(false);
    const edge = signPayload('s3cret', body, new Date(now.getTime() - 300_000));
    expect(verifySignature({ header: edge, payload: body, secrets: ['s3cret'], now }).ok).toBe(true);
  });

  it('accepts either of two secrets during a rotation', () => {
    const byOld = signPayload('old-secret', body, now);
    const byNew = signPayload('new-secret', body, now);
    const secrets = ['new-secret', 'old-secret'];
    expect(verifySignature({ header: byOld, payload: body, secrets, now }).ok).toBe(true);
    expect(verifySignature({ header: byNew, payload: body, secrets, now }).ok).toBe(true);
    expect(verifySignature({ header: byOld, payload: body, secrets: ['new-secret'], now }).ok).toBe(false);
  });

  it('accepts a header carrying several v1 values when one matches', () => {
    const a = signPayload('a', body, now);
    const b = signPayload('b', body, now).split(',')[1];
    expect(verifySignature({ header: `${a},${b}`, payload: body, secrets: ['b'], now }).ok).toBe(true);
    expect(parseSignatureHeader(`${a},${b}`)?.signatures).toHaveLength(2);
  });

  it('signs a request over "<t>.<n>.<METHOD> <path>\\n<key>\\n<body>" as an independent implementation computes it', () => {
    const nonce = '0123456789abcdef0123456789abcdef';
    const header = signRequest({
      secret: 'k',
      method: 'post',
      path: '/api/v1/charges',
      idempotencyKey: 'K1',
      body,
      now,
      nonce,
    });
    const t = now.getTime() / 1000;
    const expected = createHmac('sha256', 'k').update(`${t}.${nonce}.POST /api/v1/charges\nK1\n${body}`).digest('hex');
    expect(header).toBe(`t=${t},n=${nonce},v1=${expected}`);
    const get = signRequest({ secret: 'k', method: 'GET', path: '/api/v1/charges/ch_1', now, nonce });
    const expectedGet = createHmac('sha256', 'k').update(`${t}.${nonce}.GET /api/v1/charges/ch_1\n\n`).digest('hex');
    expect(get).toBe(`t=${t},n=${nonce},v1=${expectedGet}`);
  });

  it('covers the method, the path and query, the idempotency key and the body of a request', () => {
    const signed = { method: 'POST', path: '/api/v1/refunds?x=1', idempotencyKey: 'K1', body };
    const header = signRequest({ secret: 'k', ...signed, now });
    const check = (changes: Partial<typeof signed>) =>
      verifyRequestSignature({ header, ...signed, ...changes, secrets: ['k'], now });
    expect(check({})).toMatchObject({ ok: true, nonce: parseSignatureHeader(header)?.nonce });
    for (const changes of [
      { method: 'PUT' },
      { path: '/api/v1/refunds?x=2' },
      { path: '/api/v1/charges?x=1' },
      { idempotencyKey: 'K2' },
      { idempotencyKey: undefined },
      { body: body.replace('4880', '4881') },
    ]) {
      expect(check(changes), JSON.stringify(changes)).toEqual({ ok: false, reason: 'mismatch' });
    }
  });

  it('gives every request a fresh nonce, and refuses a request signature without one', () => {
    const a = parseSignatureHeader(signRequest({ secret: 'k', method: 'GET', path: '/a', now }));
    const b = parseSignatureHeader(signRequest({ secret: 'k', method: 'GET', path: '/a', now }));
    expect(a?.nonce).toMatch(/^[0-9a-f]{32}$/);
    expect(a?.nonce).not.toBe(b?.nonce);
    const withoutNonce = signPayload('k', 'GET /a', now);
    expect(verifyRequestSignature({ header: withoutNonce, method: 'GET', path: '/a', secrets: ['k'], now })).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(parseSignatureHeader(`t=1,n=XYZ,v1=${'0'.repeat(64)}`)).toBeUndefined();
    const stale = signRequest({ secret: 'k', method: 'GET', path: '/a', now: new Date(now.getTime() - 301_000) });
    expect(verifyRequestSignature({ header: stale, method: 'GET', path: '/a', secrets: ['k'], now })).toEqual({
      ok: false,
      reason: 'stale',
    });
  });
});
