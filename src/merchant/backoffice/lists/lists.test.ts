import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDatabaseKinds } from '../../../db/test-databases.ts';
import type { TestClient } from '../../web/test-client.ts';
import { openTestBackoffice, type TestBackoffice } from '../testing/test-backoffice.ts';
import { insertAuditEntry, insertCustomer, insertEmail, insertJob, minutesAfter } from './testing/list-fixtures.ts';

const START = new Date('2026-11-20T08:00:00Z');

describe.each(testDatabaseKinds())('the other lists (%s)', (kind) => {
  let bo: TestBackoffice;
  let client: TestClient;
  let entryId: number;

  beforeAll(async () => {
    bo = await openTestBackoffice(kind);
    client = (await bo.signIn('viewer')).client;
    const operator = await bo.newOperator('support');
    const customerId = await insertCustomer(bo.db, 'Anna Verdi');
    entryId = await insertAuditEntry(bo.db, { operator, at: START, action: 'customer.note', customerId });
    await insertEmail(bo.db, { customerId, status: 'failed', createdAt: START });
    await insertEmail(bo.db, { customerId, status: 'pending', createdAt: minutesAfter(START, 1) });
    await insertJob(bo.db, { queue: 'email.send', status: 'failed', createdAt: START });
  });
  afterAll(async () => {
    await bo?.close();
  });

  test.each([
    '/rimborsi',
    '/rinnovi',
    '/fatture',
    '/rinnovi?due_within=30',
    '/rinnovi?lapsing=30',
    '/email-fallite',
    '/registro',
    '/lavori',
    '/consegne-webhook',
  ])('%s renders, and its CSV too', async (url) => {
    expect((await client.get(url)).statusCode).toBe(200);
    const csv = await client.get(`${url}${url.includes('?') ? '&' : '?'}format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
  });

  test('failed emails by default; pending ones when asked', async () => {
    const failed = await client.get('/email-fallite');
    expect(failed.body).toContain('<span class="badge badge-warn">Non consegnata</span>');
    expect(failed.body).not.toContain('Da inviare</span>');
    expect((await client.get('/email-fallite?status=pending')).body).toContain('Da inviare</span>');
  });

  test('a renewal view with dates is a 400', async () => {
    expect((await client.get('/rinnovi?due_within=7&from=2026-11-01')).statusCode).toBe(400);
    expect((await client.get('/rinnovi?due_within=14')).statusCode).toBe(400);
  });

  test('the audit log offers no way to change an entry', async () => {
    const page = await client.get('/registro?action=customer.note');
    expect(page.body).toContain('<code>customer.note</code>');
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH'] as const) {
      const response = await bo.app.inject({ method, url: '/registro', cookies: Object.fromEntries(client.cookies) });
      expect([303, 403, 404, 405]).toContain(response.statusCode);
    }
    const entry = await bo.db.selectFrom('audit_log').selectAll().where('id', '=', entryId).executeTakeFirstOrThrow();
    expect(entry.action).toBe('customer.note');
    expect(entry.reason).toBe('richiesta del cliente al telefono');
  });
});
