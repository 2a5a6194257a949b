import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDatabaseKinds } from '../../../db/test-databases.ts';
import { findOperatorById } from '../../operators/operator-repository.ts';
import { pageText, type TestClient } from '../../web/test-client.ts';
import { openTestBackoffice, type TestBackoffice } from '../testing/test-backoffice.ts';

const keyOf = (html: string) => /name="chiave" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** The operators page (admin) and its actions: change a role, disable, enable — never one's own. */
describe.each(testDatabaseKinds())('the operators page (%s)', (kind) => {
  let bo: TestBackoffice;
  let admin: TestClient;
  let adminId: number;

  beforeAll(async () => {
    bo = await openTestBackoffice(kind);
    const signedIn = await bo.signIn('admin');
    admin = signedIn.client;
    adminId = signedIn.operator.id;
  });
  afterAll(async () => {
    await bo?.close();
  });

  test('an admin sees every operator with role, two-factor and status; others get no link and a 403', async () => {
    const support = await bo.signIn('support');
    const page = await admin.get('/operatori');
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    expect(text).toContain('operatore@example.com');
    expect(text).toContain(
      `${support.operator.email} ${support.operator.name} Assistenza Da attivare al primo accesso Attivo`,
    );
    expect(text).toContain('Sei tu');
    expect(page.body).toContain('href="/operatori"');
    expect(page.body).not.toContain(`href="/operatori/${adminId}/`);
    const supportPage = await support.client.get('/');
    expect(supportPage.body).not.toContain('href="/operatori"');
    expect((await support.client.get('/operatori')).statusCode).toBe(403);
    expect((await support.client.get(`/operatori/${support.operator.id}/ruolo`)).statusCode).toBe(403);
  });

  test('a role changed with a reason applies at once and is audited; the same role or a bad one is refused (400)', async () => {
    const { client, operator } = await bo.signIn('support');
    const url = `/operatori/${operator.id}/ruolo`;
    const confirm = await admin.get(url);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toMatch(/<label for="operator-role">Ruolo<\/label>/);
    const key = keyOf(confirm.body);
    expect((await admin.post(url, { chiave: key, ruolo: 'support', motivo: 'Nessun cambio' })).statusCode).toBe(400);
    expect((await admin.post(url, { chiave: key, ruolo: 'root', motivo: 'Ruolo inventato' })).statusCode).toBe(400);
    const done = await admin.post(url, { chiave: key, ruolo: 'viewer', motivo: 'Solo consultazione' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/operatori?fatto=manage_operators');
    expect((await findOperatorById(bo.db, operator.id))?.role).toBe('viewer');
    // The operator's next page already goes by the new role.
    await client.get('/');
    const refused = await client.get('/ordini/ORD-2026-000001/annulla');
    expect(refused.statusCode).toBe(403);
    const [entry] = await bo.db
      .selectFrom('audit_log')
      .selectAll()
      .where('object_type', '=', 'operator')
      .where('object_id', '=', operator.email)
      .execute();
    expect(entry).toMatchObject({
      action: 'manage_operators',
      before: { role: 'support' },
      after: { role: 'viewer' },
      reason: 'Solo consultazione',
    });
  });

  test('a disabled operator is signed out at the next request and can come back when enabled; nobody acts on themselves', async () => {
    const { client, operator } = await bo.signIn('viewer');
    expect((await client.get('/')).statusCode).toBe(200);
    const disable = await admin.get(`/operatori/${operator.id}/disattiva`);
    const done = await admin.post(`/operatori/${operator.id}/disattiva`, {
      chiave: keyOf(disable.body),
      motivo: 'Ha lasciato il team',
    });
    expect(done.statusCode).toBe(303);
    const after = await client.get('/');
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toBe('/login');
    expect((await admin.get(`/operatori/${operator.id}/disattiva`)).statusCode).toBe(409);

    const enable = await admin.get(`/operatori/${operator.id}/riattiva`);
    await admin.post(`/operatori/${operator.id}/riattiva`, { chiave: keyOf(enable.body), motivo: 'Rientrato' });
    expect((await findOperatorById(bo.db, operator.id))?.disabled_at).toBeNull();

    const self = await admin.get(`/operatori/${adminId}/disattiva`);
    const refused = await admin.post(`/operatori/${adminId}/disattiva`, {
      chiave: keyOf(self.body),
      motivo: 'Per prova',
    });
    expect(refused.statusCode).toBe(409);
    expect(pageText(refused.body)).toContain('Non puoi cambiare il tuo ruolo né disattivarti');
    expect((await findOperatorById(bo.db, adminId))?.disabled_at).toBeNull();
  });
});
