import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { DEMO_GIULIA, DEMO_MARIO, DEMO_PASSWORD } from '../demo/demo-data.ts';
import { pageText, TestClient } from '../web/test-client.ts';
import { openTestArea, type TestArea } from './test-area.ts';

describe.each(testDatabaseKinds())('automatic renewal on the service page (%s)', (kind) => {
  let area: TestArea;
  let mario: TestClient;
  let giulia: TestClient;
  let marioId: number;
  const cards: Record<string, number> = {};

  async function service(productCode: string) {
    return area.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('customer_id', '=', marioId)
      .where('product_code', '=', productCode)
      .executeTakeFirstOrThrow();
  }
  async function outbox(template: string) {
    return area.db.selectFrom('email_outbox').select(['dedupe_key', 'data']).where('template', '=', template).execute();
  }
  async function addCard(customerId: number, last4: string, expYear: number) {
    const row = await area.db
      .insertInto('saved_cards')
      .values({
        customer_id: customerId,
        bank_token: `tok_${customerId}_${last4}`,
        brand: 'visa',
        last4,
        exp_month: 12,
        exp_year: expYear,
        holder: 'Mario Rossi',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  beforeAll(async () => {
    area = await openTestArea(kind);
    mario = new TestClient(area.app, '10.2.0.1');
    giulia = new TestClient(area.app, '10.2.0.2');
    expect((await mario.logIn(DEMO_MARIO.email, DEMO_PASSWORD)).statusCode).toBe(303);
    expect((await giulia.logIn(DEMO_GIULIA.email, DEMO_PASSWORD)).statusCode).toBe(303);
    const customers = await area.db.selectFrom('customers').select(['id', 'email']).execute();
    marioId = customers.find((c) => c.email === DEMO_MARIO.email)!.id;
    const giuliaId = customers.find((c) => c.email === DEMO_GIULIA.email)!.id;
    cards.visa = await addCard(marioId, '4242', 2030);
    cards.other = await addCard(marioId, '1881', 2031);
    cards.expired = await addCard(marioId, '0005', 2025);
    cards.giulia = await addCard(giuliaId, '7777', 2030);
  });
  afterAll(() => area.close());

  it('switches on with a chosen card (email), shows card, next renewal and amount, changes card, then off after confirming (email)', async () => {
    const pec = await service('pec');
    const page = await mario.get(`/services/${pec.id}`);
    expect(pageText(page.body)).toContain('Attiva rinnovo automatico');
    expect(page.body).not.toContain('•••• 0005'); // an expired card is not offered

    const on = await mario.post(`/services/${pec.id}/auto-renew/on`, { card: String(cards.visa) });
    expect(on.statusCode).toBe(303);
    expect(on.headers.location).toBe(`/services/${pec.id}?done=on`);
    expect(await service('pec')).toMatchObject({ auto_renew: true, auto_renew_card_id: cards.visa });
    const activated = await outbox('auto_renew_activated');
    expect(activated).toHaveLength(1);
    expect(activated[0]?.data).toMatchObject({ card: { last4: '4242' }, amountCents: 3538 });

    const shown = pageText((await mario.get(`/services/${pec.id}?done=on`)).body);
    expect(shown).toContain('Rinnovo automatico attivato');
    expect(shown).toContain('Visa •••• 4242');
    expect(shown).toMatch(/Prossimo rinnovo \d{2}\/\d{2}\/\d{4}, 35,38 € IVA inclusa/);
    expect(shown).toContain('Cambia carta');

    expect((await mario.post(`/services/${pec.id}/auto-renew/card`, { card: String(cards.other) })).statusCode).toBe(
      303,
    );
    expect((await service('pec')).auto_renew_card_id).toBe(cards.other);

    const confirm = await mario.get(`/services/${pec.id}/auto-renew/off`);
    expect(confirm.statusCode).toBe(200);
    expect(pageText(confirm.body)).toContain('Disattivare il rinnovo automatico?');
    expect((await mario.post(`/services/${pec.id}/auto-renew/off`, {})).statusCode).toBe(303);
    expect(await service('pec')).toMatchObject({ auto_renew: false, auto_renew_card_id: null });
    expect((await outbox('auto_renew_deactivated')).map((e) => e.data)).toMatchObject([{ reason: 'customer' }]);
    // Twice is refused, and sends nothing more.
    expect((await mario.post(`/services/${pec.id}/auto-renew/off`, {})).statusCode).toBe(400);
    expect(await outbox('auto_renew_deactivated')).toHaveLength(1);
  });

  it('offers nothing for Firma Digitale and Marca Temporale, says why, and refuses forged requests', async () => {
    for (const code of ['firma_digitale', 'marca_temporale']) {
      const subscription = await service(code);
      const page = await mario.get(`/services/${subscription.id}`);
      const text = pageText(page.body);
      expect(text).toContain('il rinnovo automatico non è disponibile per Firma Digitale e Marca Temporale');
      expect(text).not.toContain('Attiva rinnovo automatico');
      expect(page.body).not.toContain('/auto-renew/');
      for (const action of ['on', 'card', 'off']) {
        const forged = await mario.post(`/services/${subscription.id}/auto-renew/${action}`, {
          card: String(cards.visa),
        });
        expect(forged.statusCode).toBe(400);
      }
      expect((await mario.get(`/services/${subscription.id}/auto-renew/off`)).statusCode).toBe(400);
      expect(await service(code)).toMatchObject({ auto_renew: false });
    }
  });

  it("refuses an expired card, someone else's card or service, a malformed card, and a missing CSRF token", async () => {
    const spid = await service('spid');
    const url = `/services/${spid.id}/auto-renew/on`;
    expect((await mario.post(url, { card: String(cards.expired) })).statusCode).toBe(400);
    expect((await mario.post(url, { card: String(cards.giulia) })).statusCode).toBe(400);
    expect((await mario.post(url, { card: 'abc' })).statusCode).toBe(400);
    expect((await mario.post(url, {})).statusCode).toBe(400);
    await giulia.get('/');
    expect((await giulia.post(url, { card: String(cards.giulia) })).statusCode).toBe(404);
    expect((await mario.post(url, { card: String(cards.visa) }, { withCsrf: false })).statusCode).toBe(403);
    expect(await service('spid')).toMatchObject({ auto_renew: false });
  });
});
