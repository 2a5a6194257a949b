import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDatabaseKinds } from '../../../db/test-databases.ts';
import { findCustomerByEmail } from '../../customers/customer-repository.ts';
import { DEMO_GIULIA, DEMO_MARIO } from '../../demo/demo-data.ts';
import { insertWebSession } from '../../web/session-repository.ts';
import type { TestClient } from '../../web/test-client.ts';
import { openTestBackoffice, type TestBackoffice } from '../testing/test-backoffice.ts';

/** The actions' common ground (action-routes.ts), through its simplest action: signing a customer out everywhere. */
describe.each(testDatabaseKinds())('a confirmed, audited operator action (%s)', (kind) => {
  let bo: TestBackoffice;
  let support: TestClient;
  let marioId: number;
  let giuliaId: number;
  let sessionCount = 0;

  const openSessions = async (customerId: number) =>
    Number(
      (
        await bo.db
          .selectFrom('web_sessions')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('customer_id', '=', customerId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const giveSessions = async (customerId: number, apps: ('area' | 'pay')[]) => {
    for (const app of apps) {
      sessionCount += 1;
      await insertWebSession(bo.db, {
        idHash: `test-${kind}-${sessionCount}`,
        app,
        customerId,
        csrfToken: 'x',
        locale: 'it',
        now: bo.clock.now(),
      });
    }
  };
  const auditOf = (customerId: number) =>
    bo.db.selectFrom('audit_log').selectAll().where('customer_id', '=', customerId).orderBy('id').execute();

  beforeAll(async () => {
    bo = await openTestBackoffice(kind);
    support = (await bo.signIn('support')).client;
    marioId = (await findCustomerByEmail(bo.db, DEMO_MARIO.email))?.id ?? 0;
    giuliaId = (await findCustomerByEmail(bo.db, DEMO_GIULIA.email))?.id ?? 0;
  });
  afterAll(async () => {
    await bo?.close();
  });

  test('the confirmation page states the consequences and asks for a reason; opening it changes nothing', async () => {
    await giveSessions(marioId, ['area', 'pay']);
    const page = await support.get(`/clienti/${marioId}/esci-ovunque`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Sessioni aperte ora: 2.');
    expect(page.body).toMatch(/<label for="action-reason">Motivo<\/label>/);
    expect(page.body).toMatch(/<button type="submit" class="button">Disconnetti ovunque<\/button>/);
    expect(page.body).toMatch(/name="chiave" value="[0-9a-f-]{36}"/);
    expect(await openSessions(marioId)).toBe(2);
  });

  test('without a reason it is refused with a message on the field (400), and nothing happens', async () => {
    await support.get(`/clienti/${marioId}/esci-ovunque`);
    const key = /name="chiave" value="([^"]+)"/.exec(support.lastBody)?.[1];
    const refused = await support.post(`/clienti/${marioId}/esci-ovunque`, { chiave: key, motivo: '  ' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Scrivi il motivo (da 3 a 500 caratteri).');
    expect(refused.body).toContain('aria-invalid="true"');
    expect(await openSessions(marioId)).toBe(2);
    expect(await auditOf(marioId)).toHaveLength(0);
  });

  test('confirmed, it acts once, writes the audit entry and leads back saying so; the same form again does nothing', async () => {
    await support.get(`/clienti/${marioId}/esci-ovunque`);
    const key = /name="chiave" value="([^"]+)"/.exec(support.lastBody)?.[1] ?? '';
    const done = await support.post(`/clienti/${marioId}/esci-ovunque`, { chiave: key, motivo: 'Telefono smarrito' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/clienti/${marioId}?fatto=sign_out_customer`);
    expect(await openSessions(marioId)).toBe(0);
    const [entry, ...more] = await auditOf(marioId);
    expect(more).toHaveLength(0);
    expect(entry).toMatchObject({
      action: 'sign_out_customer',
      object_type: 'customer',
      object_id: String(marioId),
      reason: 'Telefono smarrito',
      request_key: key,
      before: { openSessions: 2 },
      after: { openSessions: 0 },
    });
    expect(entry?.at.toISOString()).toBe(bo.clock.now().toISOString());

    await giveSessions(marioId, ['area']);
    const again = await support.post(`/clienti/${marioId}/esci-ovunque`, { chiave: key, motivo: 'Telefono smarrito' });
    expect(again.statusCode).toBe(303);
    expect(await openSessions(marioId)).toBe(1);
    expect(await auditOf(marioId)).toHaveLength(1);
  });

  test('a viewer sees no confirmation and its forged POST is refused (403); no CSRF token, no action (403)', async () => {
    await giveSessions(giuliaId, ['area']);
    const viewer = (await bo.signIn('viewer')).client;
    expect((await viewer.get(`/clienti/${giuliaId}/esci-ovunque`)).statusCode).toBe(403);
    await viewer.get('/');
    const forged = await viewer.post(`/clienti/${giuliaId}/esci-ovunque`, {
      chiave: '00000000-0000-4000-8000-000000000000',
      motivo: 'forged',
    });
    expect(forged.statusCode).toBe(403);
    await support.get(`/clienti/${giuliaId}/esci-ovunque`);
    const key = /name="chiave" value="([^"]+)"/.exec(support.lastBody)?.[1];
    const noCsrf = await support.post(
      `/clienti/${giuliaId}/esci-ovunque`,
      { chiave: key, motivo: 'senza token' },
      { withCsrf: false },
    );
    expect(noCsrf.statusCode).toBe(403);
    expect(await openSessions(giuliaId)).toBe(1);
    expect(await auditOf(giuliaId)).toHaveLength(0);
  });

  test('a form without its key is a bad request; an unknown customer is a 404', async () => {
    await support.get(`/clienti/${giuliaId}/esci-ovunque`);
    expect((await support.post(`/clienti/${giuliaId}/esci-ovunque`, { motivo: 'senza chiave' })).statusCode).toBe(400);
    expect((await support.get('/clienti/999999/esci-ovunque')).statusCode).toBe(404);
    expect((await support.get('/clienti/abc/esci-ovunque')).statusCode).toBe(404);
    expect(await openSessions(giuliaId)).toBe(1);
  });
});
