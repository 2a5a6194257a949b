import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDatabaseKinds } from '../../../db/test-databases.ts';
import { findCustomerByEmail } from '../../customers/customer-repository.ts';
import { DEMO_GIULIA, DEMO_MARIO } from '../../demo/demo-data.ts';
import { pageText, type TestClient } from '../../web/test-client.ts';
import { expectGuardedAction, keyOf } from '../testing/action-checks.ts';
import { giveCard, renewAutomatically } from '../testing/customer-fixtures.ts';
import { openTestBackoffice, type TestBackoffice } from '../testing/test-backoffice.ts';

/** "Disattiva rinnovo automatico" from the customer page: the customer's own switch, confirmed and audited. */
describe.each(testDatabaseKinds())('switching off automatic renewal (%s)', (kind) => {
  let bo: TestBackoffice;
  let support: TestClient;

  const serviceOf = (id: number) =>
    bo.db
      .selectFrom('subscriptions')
      .select(['auto_renew', 'auto_renew_card_id', 'status', 'expires_on'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const offEmails = (customerId: number) =>
    bo.db
      .selectFrom('email_outbox')
      .select(['to_address', 'template', 'data'])
      .where('customer_id', '=', customerId)
      .where('template', '=', 'auto_renew_deactivated')
      .execute();
  const auditOf = (serviceId: number) =>
    bo.db
      .selectFrom('audit_log')
      .selectAll()
      .where('object_type', '=', 'subscription')
      .where('object_id', '=', String(serviceId))
      .execute();
  /** A customer's service of `product` renewing on a new card ending `last4`. */
  const renewing = async (email: string, product: string, last4: string) => {
    const customerId = (await findCustomerByEmail(bo.db, email))?.id ?? 0;
    const cardId = await giveCard(bo.db, customerId, { last4 });
    return { customerId, cardId, serviceId: await renewAutomatically(bo.db, customerId, product, cardId) };
  };

  beforeAll(async () => {
    bo = await openTestBackoffice(kind);
    support = (await bo.signIn('support')).client;
  });
  afterAll(async () => {
    await bo?.close();
  });

  test('the confirmation says what happens; it, a missing reason, a viewer and a missing CSRF token change nothing', async () => {
    const { customerId, serviceId } = await renewing(DEMO_MARIO.email, 'spid', '4242');
    await expectGuardedAction(bo, support, `/servizi/${serviceId}/rinnovo-automatico`);
    const text = pageText((await support.get(`/servizi/${serviceId}/rinnovo-automatico`)).body);
    expect(text).toContain('Disattiva il rinnovo automatico di SPID · SPID - Mario Rossi (RSSMRA80A01H501U)');
    expect(text).toContain('Il rinnovo automatico sulla carta Visa •••• 4242 si disattiva');
    expect(text).toContain(`Il cliente riceve a ${DEMO_MARIO.email} la stessa email di conferma`);
    expect(await serviceOf(serviceId)).toMatchObject({ auto_renew: true });
    expect(await offEmails(customerId)).toEqual([]);
    expect(await auditOf(serviceId)).toEqual([]);
  });

  test("confirmed: renewal off, the customer's usual email queued, the audit entry with before and after; the same form again, nothing more", async () => {
    const { customerId, cardId, serviceId } = await renewing(DEMO_GIULIA.email, 'pec', '5555');
    const before = await serviceOf(serviceId);
    const url = `/servizi/${serviceId}/rinnovo-automatico`;
    const key = keyOf((await support.get(url)).body);
    const done = await support.post(url, { chiave: key, motivo: 'Richiesta telefonica della cliente' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/clienti/${customerId}?fatto=auto_renew_off`);

    expect(await serviceOf(serviceId)).toEqual({ ...before, auto_renew: false, auto_renew_card_id: null });
    expect(await offEmails(customerId)).toEqual([
      {
        to_address: DEMO_GIULIA.email,
        template: 'auto_renew_deactivated',
        data: {
          subscriptionId: serviceId,
          productCode: 'pec',
          label: 'giulia.bianchi@pec.example.it',
          expiresOn: before.expires_on,
          reason: 'customer',
        },
      },
    ]);
    expect(await auditOf(serviceId)).toMatchObject([
      {
        action: 'auto_renew_off',
        customer_id: customerId,
        reason: 'Richiesta telefonica della cliente',
        request_key: key,
        before: { autoRenew: true, cardId, card: 'Visa •••• 5555' },
        after: { autoRenew: false, cardId: null },
      },
    ]);
    const page = await support.get(String(done.headers.location));
    const text = pageText(page.body);
    expect(text).toContain('Rinnovo automatico disattivato: il cliente riceve la conferma per email.');
    expect(text).toMatch(/PEC · giulia\.bianchi@pec\.example\.it Attivo [0-9/]+ Non attivo —/);
    expect(page.body).not.toContain(`href="${url}"`);

    const again = await support.post(url, { chiave: key, motivo: 'Richiesta telefonica della cliente' });
    expect(again.statusCode).toBe(303);
    expect(await offEmails(customerId)).toHaveLength(1);
    expect(await auditOf(serviceId)).toHaveLength(1);
  });

  test('already off, or a product without automatic renewal: 409 on the page and on a POST; an unknown service is a 404', async () => {
    const mario = (await findCustomerByEmail(bo.db, DEMO_MARIO.email))?.id ?? 0;
    const services = await bo.db
      .selectFrom('subscriptions')
      .select(['id', 'product_code'])
      .where('customer_id', '=', mario)
      .where('product_code', 'in', ['conservazione', 'firma_digitale'])
      .orderBy('product_code')
      .execute();
    const messages = ['già disattivato', 'non ha il rinnovo automatico'];
    for (const [index, service] of services.entries()) {
      const url = `/servizi/${service.id}/rinnovo-automatico`;
      const page = await support.get(url);
      expect(page.statusCode, service.product_code).toBe(409);
      expect(pageText(page.body)).toContain(messages[index]);
      const posted = await support.post(url, { chiave: '00000000-0000-4000-8000-000000000003', motivo: 'Prova' });
      expect(posted.statusCode, service.product_code).toBe(409);
    }
    expect(await offEmails(mario)).toEqual([]);
    for (const id of ['999999', 'abc']) {
      expect((await support.get(`/servizi/${id}/rinnovo-automatico`)).statusCode, id).toBe(404);
    }
  });
});
