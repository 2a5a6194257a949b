import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { insertCustomer } from '../customers/customer-repository.ts';
import { hashPassword } from '../customers/passwords.ts';
import { DEMO_GIULIA, DEMO_MARIO, DEMO_PASSWORD } from '../demo/demo-data.ts';
import { CONTACT_LIMITS } from '../support/submit-support-request.ts';
import { pageText, TestClient } from '../web/test-client.ts';
import { openTestArea, type TestArea } from './test-area.ts';

describe.each(testDatabaseKinds())('Area Clienti help, feedback and contact on %s', (kind) => {
  let area: TestArea;
  let ip = 0;
  const client = () => new TestClient(area.app, `10.7.0.${++ip}`);
  let marioId: number;
  let giuliaId: number;

  beforeAll(async () => {
    area = await openTestArea(kind, { env: { SUPPORT_EMAIL: 'helpdesk@provider.example' } });
    const customers = await area.db.selectFrom('customers').select(['id', 'email']).execute();
    marioId = customers.find((c) => c.email === DEMO_MARIO.email)!.id;
    giuliaId = customers.find((c) => c.email === DEMO_GIULIA.email)!.id;
  });
  afterAll(() => area.close());

  async function signedIn(email: string = DEMO_MARIO.email, address?: string) {
    const browser = address ? new TestClient(area.app, address) : client();
    expect((await browser.logIn(email, DEMO_PASSWORD)).statusCode).toBe(303);
    return browser;
  }
  const feedbackOf = (customerId: number) =>
    area.db.selectFrom('page_feedback').selectAll().where('customer_id', '=', customerId).execute();
  const requestsOf = (customerId: number) =>
    area.db.selectFrom('support_requests').selectAll().where('customer_id', '=', customerId).execute();

  it('shows the help page to anyone, with the support numbers, hours, the contact link and the feedback buttons', async () => {
    const res = await client().get('/assistenza');
    expect(res.statusCode).toBe(200);
    const text = pageText(res.body);
    for (const expected of [
      'Assistenza',
      '+39 0575 0504',
      '+39 0575 0500',
      'Lun/Ven 08.30-18.00',
      'Non hai trovato quello che cerchi?',
      'La tua opinione è importante per noi!',
    ]) {
      expect(text).toContain(expected);
    }
    expect(res.body).toContain(
      '<a href="/assistenza/contatta">Contatta i nostri esperti</a>, sono a tua disposizione.',
    );
    expect(res.body).toContain('<button type="submit" name="useful" value="yes" class="button">Sì</button>');
    expect(res.body).toContain('name="useful" value="no" class="button button-secondary">No</button>');
    expect(res.body).toMatch(
      /<label for="feedback-comment">Commento \(facoltativo\)<\/label><textarea id="feedback-comment"/,
    );
    // The footer of every Area Clienti page leads here.
    expect((await client().get('/login')).body).toContain('<a href="/assistenza">Centro assistenza e contatti</a>');
  });

  it('records a vote with its comment for the signed-in customer, then shows a thank-you (POST, 303)', async () => {
    const mario = await signedIn();
    await mario.get('/assistenza');
    const vote = await mario.post('/feedback', {
      page: 'area.help',
      useful: 'yes',
      comment: 'Tutto chiaro',
      return: '/assistenza',
    });
    expect(vote.statusCode).toBe(303);
    expect(vote.headers.location).toBe('/assistenza?feedback=thanks#feedback');
    const thanked = await mario.get('/assistenza?feedback=thanks');
    expect(pageText(thanked.body)).toContain('Grazie! Abbiamo registrato la tua opinione.');
    expect(thanked.body).not.toContain('name="useful"');
    expect(await feedbackOf(marioId)).toEqual([
      expect.objectContaining({ page_key: 'area.help', useful: true, comment: 'Tutto chiaro', session_hash: null }),
    ]);
  });

  it('keeps one vote per customer and page: voting again from another device replaces the first', async () => {
    const giulia = await signedIn(DEMO_GIULIA.email);
    await giulia.get('/assistenza');
    await giulia.post('/feedback', { page: 'area.help', useful: 'yes', return: '/assistenza' });
    const other = await signedIn(DEMO_GIULIA.email);
    await other.get('/assistenza');
    expect((await other.post('/feedback', { page: 'area.help', useful: 'no', return: '/assistenza' })).statusCode).toBe(
      303,
    );
    expect(await feedbackOf(giuliaId)).toEqual([expect.objectContaining({ useful: false, comment: null })]);
  });

  it('stores the vote of a visitor who is not signed in with no customer, once per session', async () => {
    const visitor = client();
    await visitor.get('/assistenza');
    const before = await area.db.selectFrom('page_feedback').select('id').where('customer_id', 'is', null).execute();
    await visitor.post('/feedback', { page: 'area.help', useful: 'no', return: '/assistenza' });
    await visitor.post('/feedback', { page: 'area.help', useful: 'yes', return: '/assistenza' });
    const after = await area.db.selectFrom('page_feedback').selectAll().where('customer_id', 'is', null).execute();
    expect(after.length - before.length).toBe(1);
  });

  it('refuses a vote without the CSRF token, for an unknown page, or with an absurd comment (4xx, nothing stored)', async () => {
    const mario = await signedIn();
    await mario.get('/assistenza');
    const count = async () => (await area.db.selectFrom('page_feedback').select('id').execute()).length;
    const before = await count();
    expect((await mario.post('/feedback', { page: 'area.help', useful: 'yes' }, { withCsrf: false })).statusCode).toBe(
      403,
    );
    expect((await mario.post('/feedback', { page: 'area.nowhere', useful: 'yes' })).statusCode).toBe(400);
    expect((await mario.post('/feedback', { page: 'area.help', useful: 'maybe' })).statusCode).toBe(400);
    expect(
      (await mario.post('/feedback', { page: 'area.help', useful: 'no', comment: 'x'.repeat(1001) })).statusCode,
    ).toBe(400);
    expect(await count()).toBe(before);
    // A return path to another site is not followed.
    const vote = await mario.post('/feedback', { page: 'area.help', useful: 'no', return: '//evil.example/x' });
    expect(vote.headers.location).toBe('/?feedback=thanks#feedback');
  });

  it('sends a visitor who is not signed in from the contact form to the login page, and back after it', async () => {
    const visitor = client();
    const res = await visitor.get('/assistenza/contatta');
    expect([res.statusCode, res.headers.location]).toEqual([303, '/login?next=%2Fassistenza%2Fcontatta']);
    await visitor.get('/login?next=%2Fassistenza%2Fcontatta');
    const login = await visitor.post('/login', {
      email: DEMO_MARIO.email,
      password: DEMO_PASSWORD,
      next: '/assistenza/contatta',
    });
    expect(login.headers.location).toBe('/assistenza/contatta');
  });

  it("stores a request with one of the customer's orders, emails support and confirms to the customer", async () => {
    const mario = await signedIn();
    const form = await mario.get('/assistenza/contatta');
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/<label for="contact-topic">Argomento<\/label><select id="contact-topic" name="topic"/);
    expect(form.body).toMatch(/<label for="contact-message">Messaggio<\/label><textarea id="contact-message"/);
    const order = await area.db
      .selectFrom('orders')
      .select(['id', 'number'])
      .where('customer_id', '=', marioId)
      .where('state', '=', 'awaiting_payment')
      .executeTakeFirstOrThrow();
    expect(form.body).toContain(`<option value="${order.number}">`);
    const giuliaOrder = await area.db
      .selectFrom('orders')
      .select('number')
      .where('customer_id', '=', giuliaId)
      .executeTakeFirstOrThrow();
    expect(form.body).not.toContain(giuliaOrder.number);

    const sent = await mario.post('/assistenza/contatta', {
      topic: 'payments',
      message: '  Non riesco a pagare.  ',
      order: order.number,
    });
    expect(sent.statusCode).toBe(303);
    const [request] = await requestsOf(marioId);
    expect(request).toMatchObject({ topic: 'payments', message: 'Non riesco a pagare.', order_id: order.id });
    expect(sent.headers.location).toBe(`/assistenza/contatta?sent=${request!.id}`);
    const done = await mario.get(sent.headers.location as string);
    expect(pageText(done.body)).toContain(`Richiesta n. ${request!.id} inviata.`);

    const emails = await area.db
      .selectFrom('email_outbox')
      .select(['to_address', 'template', 'locale', 'customer_id', 'data'])
      .where('dedupe_key', 'like', `support_request:${request!.id}:%`)
      .orderBy('template')
      .execute();
    expect(emails).toEqual([
      expect.objectContaining({
        to_address: 'helpdesk@provider.example',
        template: 'support_request',
        locale: 'it',
        customer_id: null,
      }),
      expect.objectContaining({
        to_address: DEMO_MARIO.email,
        template: 'support_request_received',
        customer_id: marioId,
      }),
    ]);
    expect(emails[0]!.data).toMatchObject({ orderNumber: order.number, customerEmail: DEMO_MARIO.email });
  });

  it("refuses another customer's order with a clear message and stores nothing", async () => {
    const mario = await signedIn();
    await mario.get('/assistenza/contatta');
    const before = (await requestsOf(marioId)).length;
    const giuliaOrder = await area.db
      .selectFrom('orders')
      .select('number')
      .where('customer_id', '=', giuliaId)
      .executeTakeFirstOrThrow();
    const res = await mario.post('/assistenza/contatta', {
      topic: 'orders',
      message: 'Questo ordine?',
      order: giuliaOrder.number,
    });
    expect(res.statusCode).toBe(400);
    expect(pageText(res.body)).toContain("L'ordine scelto non è tra i tuoi ordini.");
    const missing = await mario.post('/assistenza/contatta', {
      topic: 'orders',
      message: 'E questo?',
      order: 'ORD-1999-000001',
    });
    expect(missing.statusCode).toBe(400);
    expect((await requestsOf(marioId)).length).toBe(before);
    // The database refuses it too, whatever the code does.
    const giuliaOrderId = await area.db
      .selectFrom('orders')
      .select('id')
      .where('customer_id', '=', giuliaId)
      .executeTakeFirstOrThrow();
    await expect(
      area.db
        .insertInto('support_requests')
        .values({
          customer_id: marioId,
          topic: 'orders',
          message: 'x',
          order_id: giuliaOrderId.id,
          created_at: area.clock.now(),
        })
        .execute(),
    ).rejects.toThrow(/foreign key/);
  });

  it('refuses an empty message or an unknown topic with a message (400), keeping what was typed', async () => {
    const mario = await signedIn();
    await mario.get('/assistenza/contatta');
    const empty = await mario.post('/assistenza/contatta', { topic: 'payments', message: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(pageText(empty.body)).toContain('Scegli un argomento e scrivi il messaggio');
    const topic = await mario.post('/assistenza/contatta', { topic: 'sales', message: 'Buongiorno' });
    expect(topic.statusCode).toBe(400);
    expect(topic.body).toContain('Buongiorno</textarea>');
  });

  let accounts = 0;
  /** A customer of their own (password DEMO_PASSWORD), so no other test's requests count against them. */
  async function newCustomer(): Promise<{ id: number; email: string }> {
    const email = `contact-${++accounts}@example.com`;
    const customer = await insertCustomer(area.db, {
      email,
      passwordHash: await hashPassword(DEMO_PASSWORD),
      name: 'Cliente di prova',
      locale: 'it',
    });
    return { id: customer.id, email };
  }
  async function send(browser: TestClient, message: string) {
    await browser.get('/assistenza/contatta');
    return browser.post('/assistenza/contatta', { topic: 'other', message });
  }

  it('limits requests per customer (429 with the wait), whatever address they come from', async () => {
    const customer = await newCustomer();
    for (let i = 0; i < CONTACT_LIMITS.perCustomer.limit; i++) {
      expect((await send(await signedIn(customer.email), `Messaggio ${i}`)).statusCode).toBe(303);
    }
    const browser = await signedIn(customer.email);
    const refused = await send(browser, 'Ancora uno');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(pageText(refused.body)).toContain('Hai inviato molte richieste in poco tempo. Attendi');
    expect(refused.body).toContain('Ancora uno</textarea>');
    expect(await requestsOf(customer.id)).toHaveLength(CONTACT_LIMITS.perCustomer.limit);
    area.clock.advance(CONTACT_LIMITS.perCustomer.windowMs);
    // An hour later (signed in again: the session has idled out), the customer can write again.
    expect((await send(await signedIn(customer.email), "Dopo un'ora")).statusCode).toBe(303);
  });

  it('limits requests per client address across customers', async () => {
    const address = '10.7.9.9';
    const perCustomer = CONTACT_LIMITS.perCustomer.limit - 1;
    const customers = Math.ceil(CONTACT_LIMITS.perIp.limit / perCustomer);
    let sent = 0;
    for (let c = 0; c < customers; c++) {
      const browser = await signedIn((await newCustomer()).email, address);
      for (let i = 0; i < perCustomer && sent < CONTACT_LIMITS.perIp.limit; i++, sent++) {
        expect((await send(browser, `n. ${sent}`)).statusCode).toBe(303);
      }
    }
    // A customer who has sent nothing yet, from the same address: refused.
    const fresh = await signedIn((await newCustomer()).email, address);
    expect((await send(fresh, 'Il primo')).statusCode).toBe(429);
    // Another address is not held back by this one's count.
    const elsewhere = await signedIn(DEMO_GIULIA.email, '10.7.9.10');
    expect((await send(elsewhere, 'Da un altro indirizzo')).statusCode).toBe(303);
  });
});
