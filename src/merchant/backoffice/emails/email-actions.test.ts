import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDatabaseKinds } from '../../../db/test-databases.ts';
import { findCustomerByEmail } from '../../customers/customer-repository.ts';
import { DEMO_GIULIA } from '../../demo/demo-data.ts';
import { EMAIL_QUEUE } from '../../email/outbox-repository.ts';
import { pageText, type TestClient } from '../../web/test-client.ts';
import { expectGuardedAction, keyOf } from '../testing/action-checks.ts';
import { giveEmail } from '../testing/customer-fixtures.ts';
import { openTestBackoffice, type TestBackoffice } from '../testing/test-backoffice.ts';

/** "Reinvia email" and "Riprova l'invio": confirmed, audited, once per form, each through the outbox's own steps. */
describe.each(testDatabaseKinds())('resending and retrying an email (%s)', (kind) => {
  let bo: TestBackoffice;
  let support: TestClient;
  let giuliaId: number;

  const outboxOf = (customerId: number) =>
    bo.db.selectFrom('email_outbox').selectAll().where('customer_id', '=', customerId).orderBy('id').execute();
  const jobsOf = (emailId: number) =>
    bo.db
      .selectFrom('jobs')
      .select(['singleton_key', 'status'])
      .where('queue', '=', EMAIL_QUEUE)
      .where('singleton_key', 'like', `${EMAIL_QUEUE}:${emailId}:%`)
      .orderBy('id')
      .execute();
  const auditOfEmail = (emailId: number) =>
    bo.db
      .selectFrom('audit_log')
      .selectAll()
      .where('object_type', '=', 'email')
      .where('object_id', '=', String(emailId))
      .execute();
  const email = (status: 'sent' | 'failed' | 'pending') =>
    giveEmail(bo.db, { customerId: giuliaId, to: DEMO_GIULIA.email, status, at: bo.clock.now() });

  beforeAll(async () => {
    bo = await openTestBackoffice(kind);
    support = (await bo.signIn('support')).client;
    giuliaId = (await findCustomerByEmail(bo.db, DEMO_GIULIA.email))?.id ?? 0;
  });
  afterAll(async () => {
    await bo?.close();
  });

  test('resend: the confirmation, no reason, a viewer, no CSRF token: refused, and nothing is queued', async () => {
    const id = await email('sent');
    const before = await outboxOf(giuliaId);
    await expectGuardedAction(bo, support, `/email/${id}/reinvia`);
    const confirmation = pageText((await support.get(`/email/${id}/reinvia`)).body);
    expect(confirmation).toContain(`Una nuova copia di questa email parte subito per ${DEMO_GIULIA.email}`);
    expect(await outboxOf(giuliaId)).toEqual(before);
    expect(await auditOfEmail(id)).toEqual([]);
  });

  test('resend: one new outbox row to the same address (new Message-ID, its own job), audited; the same form again is no second copy', async () => {
    const id = await email('sent');
    const before = await outboxOf(giuliaId);
    const original = before.find((row) => Number(row.id) === id);
    const key = keyOf((await support.get(`/email/${id}/reinvia`)).body);
    const done = await support.post(`/email/${id}/reinvia`, { chiave: key, motivo: 'La cliente non la trova' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/email/${id}?fatto=resend_email`);

    const after = await outboxOf(giuliaId);
    expect(after).toHaveLength(before.length + 1);
    const copy = after.at(-1);
    expect(copy).toMatchObject({
      to_address: original?.to_address,
      template: original?.template,
      data: original?.data,
      locale: original?.locale,
      status: 'pending',
      dedupe_key: `resend_email:email:${id}:${key}`,
    });
    expect(copy?.message_id).not.toBe(original?.message_id);
    expect(await jobsOf(Number(copy?.id))).toHaveLength(1);
    expect(after.find((row) => Number(row.id) === id)).toEqual(original);
    expect(await auditOfEmail(id)).toMatchObject([
      {
        action: 'resend_email',
        customer_id: giuliaId,
        reason: 'La cliente non la trova',
        request_key: key,
        before: { email: id, status: 'sent', to: DEMO_GIULIA.email },
        after: { email: Number(copy?.id), status: 'pending', to: DEMO_GIULIA.email },
      },
    ]);
    expect(pageText((await support.get(String(done.headers.location))).body)).toContain('Email rimessa in coda');

    const again = await support.post(`/email/${id}/reinvia`, { chiave: key, motivo: 'La cliente non la trova' });
    expect(again.statusCode).toBe(303);
    expect(await outboxOf(giuliaId)).toHaveLength(before.length + 1);
    expect(await auditOfEmail(id)).toHaveLength(1);
  });

  test('resend: the same form sent twice at once (a double click) is still one copy and one entry', async () => {
    const id = await email('failed');
    const before = await outboxOf(giuliaId);
    const key = keyOf((await support.get(`/email/${id}/reinvia`)).body);
    const form = { chiave: key, motivo: 'Doppio clic' };
    const answers = await Promise.all([
      support.post(`/email/${id}/reinvia`, form),
      support.post(`/email/${id}/reinvia`, form),
    ]);
    expect(answers.map((answer) => answer.statusCode)).toEqual([303, 303]);
    expect(await outboxOf(giuliaId)).toHaveLength(before.length + 1);
    expect(await auditOfEmail(id)).toHaveLength(1);
  });

  test('resend: an email still waiting to go is not resent (409, on the page and on a POST)', async () => {
    const id = await email('pending');
    const before = await outboxOf(giuliaId);
    const page = await support.get(`/email/${id}/reinvia`);
    expect(page.statusCode).toBe(409);
    expect(pageText(page.body)).toContain('Questa email non è ancora partita');
    const posted = await support.post(`/email/${id}/reinvia`, {
      chiave: '00000000-0000-4000-8000-000000000001',
      motivo: 'Prova',
    });
    expect(posted.statusCode).toBe(409);
    expect(await outboxOf(giuliaId)).toEqual(before);
  });

  test('retry: the confirmation, no reason, a viewer, no CSRF token: refused, and the email stays failed', async () => {
    const id = await email('failed');
    await expectGuardedAction(bo, support, `/email/${id}/riprova`);
    const confirmation = pageText((await support.get(`/email/${id}/riprova`)).body);
    expect(confirmation).toContain('Ultimo errore: 550 5.1.1 mailbox unavailable.');
    expect((await outboxOf(giuliaId)).find((row) => Number(row.id) === id)?.status).toBe('failed');
    expect(await jobsOf(id)).toHaveLength(1);
    expect(await auditOfEmail(id)).toEqual([]);
  });

  test('retry: the failed email back in the queue with a new round, audited; the same form again does nothing more', async () => {
    const id = await email('failed');
    const key = keyOf((await support.get(`/email/${id}/riprova`)).body);
    const done = await support.post(`/email/${id}/riprova`, { chiave: key, motivo: 'Casella di nuovo attiva' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/email/${id}?fatto=retry_email`);
    const row = (await outboxOf(giuliaId)).find((r) => Number(r.id) === id);
    expect(row?.status).toBe('pending');
    expect((await jobsOf(id)).map((job) => job.singleton_key)).toEqual([
      `${EMAIL_QUEUE}:${id}:0`,
      `${EMAIL_QUEUE}:${id}:1`,
    ]);
    expect(await auditOfEmail(id)).toMatchObject([
      {
        action: 'retry_email',
        reason: 'Casella di nuovo attiva',
        before: { status: 'failed', lastError: '550 5.1.1 mailbox unavailable' },
        after: { status: 'pending' },
      },
    ]);

    const again = await support.post(`/email/${id}/riprova`, { chiave: key, motivo: 'Casella di nuovo attiva' });
    expect(again.statusCode).toBe(303);
    expect(await jobsOf(id)).toHaveLength(2);
    expect(await auditOfEmail(id)).toHaveLength(1);
  });

  test('retry: only a failed email (a sent or waiting one is a 409, on the page and on a POST)', async () => {
    for (const status of ['sent', 'pending'] as const) {
      const id = await email(status);
      const page = await support.get(`/email/${id}/riprova`);
      expect(page.statusCode, status).toBe(409);
      expect(pageText(page.body)).toContain('Si riprova solo un’email non consegnata');
      const posted = await support.post(`/email/${id}/riprova`, {
        chiave: '00000000-0000-4000-8000-000000000002',
        motivo: 'Prova',
      });
      expect(posted.statusCode, status).toBe(409);
      expect(await jobsOf(id)).toHaveLength(1);
      expect(await auditOfEmail(id)).toEqual([]);
    }
  });
});
