import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDatabaseKinds } from '../../../db/test-databases.ts';
import { findCustomerByEmail } from '../../customers/customer-repository.ts';
import { DEMO_GIULIA } from '../../demo/demo-data.ts';
import { enqueueEmail, markEmailSent } from '../../email/outbox-repository.ts';
import { pageText, type TestClient } from '../../web/test-client.ts';
import { giveEmail } from '../testing/customer-fixtures.ts';
import { openTestBackoffice, type TestBackoffice } from '../testing/test-backoffice.ts';

/** One outbox email as the customer received it: its text, never its HTML; nothing an operator must not read. */
describe.each(testDatabaseKinds())('the email page (%s)', (kind) => {
  let bo: TestBackoffice;
  let support: TestClient;
  let giuliaId: number;

  beforeAll(async () => {
    bo = await openTestBackoffice(kind);
    support = (await bo.signIn('support')).client;
    giuliaId = (await findCustomerByEmail(bo.db, DEMO_GIULIA.email))?.id ?? 0;
  });
  afterAll(async () => {
    await bo?.close();
  });

  test('a sent email: subject, recipient, status and its plain text as the customer read it, a way back to the customer', async () => {
    const id = await giveEmail(bo.db, {
      customerId: giuliaId,
      to: DEMO_GIULIA.email,
      status: 'sent',
      at: bo.clock.now(),
      label: 'giulia.bianchi@pec.example.it',
    });
    const page = await support.get(`/email/${id}`);
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    expect(text).toContain(`Email ${id}`);
    expect(text).toMatch(/Oggetto Rinnovo automatico disattivato[\s\S]*giulia\.bianchi@pec\.example\.it/);
    expect(text).toContain(`Destinatario ${DEMO_GIULIA.email} Cliente Giulia Bianchi`);
    expect(text).toContain('Stato Inviata Tentativi 0');
    expect(page.body).toContain(`href="/clienti/${giuliaId}"`);
    const pre = /<pre class="bo-email-text">([\s\S]*?)<\/pre>/.exec(page.body)?.[1] ?? '';
    expect(pre).toContain('giulia.bianchi@pec.example.it');
    expect(pre).toContain('\n');
    // The email's own HTML (its document, its inline styles) is not in the back office's page.
    expect(page.body.match(/<html/g)).toHaveLength(1);
    expect(page.body).not.toContain('style=');
    expect(page.body).toContain(`href="/email/${id}/reinvia"`);
    expect(page.body).not.toContain('/riprova');
  });

  test('an email whose data holds markup shows it as text: nothing of it runs in the back office', async () => {
    const id = await giveEmail(bo.db, {
      customerId: giuliaId,
      to: DEMO_GIULIA.email,
      status: 'failed',
      at: bo.clock.now(),
      label: '<script>alert("x")</script><img src=x onerror=alert(1)>',
      error: '550 <b>rifiutata</b>',
    });
    const page = await support.get(`/email/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).not.toContain('<img src=x');
    expect(page.body).not.toContain('<b>rifiutata');
    expect(page.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(page.body).toContain('550 &lt;b&gt;rifiutata&lt;/b&gt;');
    expect(page.body).toContain(`href="/email/${id}/riprova"`);
  });

  test("a password reset's link is hidden from operators, and it cannot be resent", async () => {
    const token = 'reset-token-that-signs-in-as-giulia';
    await enqueueEmail(bo.db, {
      dedupeKey: `email-page-test:reset:${kind}`,
      customerId: giuliaId,
      to: DEMO_GIULIA.email,
      locale: 'en',
      template: 'password_reset',
      data: { token, validMinutes: 30 },
      at: bo.clock.now(),
    });
    const { id } = await bo.db
      .selectFrom('email_outbox')
      .select('id')
      .where('dedupe_key', '=', `email-page-test:reset:${kind}`)
      .executeTakeFirstOrThrow();
    await markEmailSent(bo.db, Number(id), bo.clock.now());
    const page = await support.get(`/email/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(token);
    expect(pageText(page.body)).toContain('nuova-password?token=HIDDEN');
    expect(pageText(page.body)).toContain('The link works for 30 minutes');
    expect(pageText(page.body)).toContain('Il link per reimpostare la password è nascosto');
    expect(page.body).not.toContain('/reinvia');
    const resend = await support.get(`/email/${id}/reinvia`);
    expect(resend.statusCode).toBe(409);
    expect(pageText(resend.body)).toContain('il cliente ne chiede uno nuovo dalla pagina di accesso');
    expect(resend.body).not.toContain(token);
  });

  test('a viewer reads it without resend or retry; an unknown or malformed id is a 404', async () => {
    const id = await giveEmail(bo.db, {
      customerId: giuliaId,
      to: 'x@example.com',
      status: 'failed',
      at: bo.clock.now(),
    });
    const viewer = (await bo.signIn('viewer')).client;
    const page = await viewer.get(`/email/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('/reinvia');
    expect(page.body).not.toContain('/riprova');
    for (const bad of ['999999', 'abc', '0', '-1'])
      expect((await support.get(`/email/${bad}`)).statusCode, bad).toBe(404);
  });

  test('the undelivered emails list leads to each email', async () => {
    const id = await giveEmail(bo.db, {
      customerId: giuliaId,
      to: 'y@example.com',
      status: 'failed',
      at: bo.clock.now(),
    });
    expect((await support.get('/email-fallite')).body).toContain(`href="/email/${id}"`);
  });
});
