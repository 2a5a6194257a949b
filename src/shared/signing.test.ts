import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseSignatureHeader, requestPayload, signPayload, signRequest, verifySignature } from './signing.ts';

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

  it('signs bodiless requests over "<METHOD> <path>", so the query string is covered', () => {
    expect(requestPayload({ method: 'get', path: '/api/v1/payment-sessions?merchant_reference=A' })).toBe(
      'GET /api/v1/payment-sessions?merchant_reference=A',
    );
    expect(requestPayload({ method: 'DELETE', path: '/api/v1/cards/card_1' })).toBe('DELETE /api/v1/cards/card_1');
    expect(requestPayload({ method: 'POST', path: '/x', body })).toBe(body);
    const header = signPayload('k', 'GET /a?x=1', now);
    expect(verifySignature({ header, payload: 'GET /a?x=2', secrets: ['k'], now }).ok).toBe(false);
  });

  it('signs a whole request the way the receiver verifies it', () => {
    const get = signRequest({ secret: 'k', method: 'GET', path: '/api/v1/charges/ch_1', now });
    expect(verifySignature({ header: get, payload: 'GET /api/v1/charges/ch_1', secrets: ['k'], now }).ok).toBe(true);
    const post = signRequest({ secret: 'k', method: 'POST', path: '/api/v1/charges', body, now });
    expect(post).toBe(signPayload('k', body, now));
  });
});
