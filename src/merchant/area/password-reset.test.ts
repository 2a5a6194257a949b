import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { drainQueue } from '../../jobs/worker.ts';
import { insertCustomer } from '../customers/customer-repository.ts';
import { resetTokenHash } from '../customers/password-reset-tokens.ts';
import { hashPassword } from '../customers/passwords.ts';
import { PASSWORD_RESET_QUEUE, passwordResetQueue, RESET_LIMITS } from '../customers/request-password-reset.ts';
import { resetPassword } from '../customers/reset-password.ts';
import { DEMO_PASSWORD } from '../demo/demo-data.ts';
import { pageText, TestClient } from '../web/test-client.ts';
import { AREA_SESSION_COOKIE } from './area-app.ts';
import { openTestArea, type TestArea } from './test-area.ts';

describe.each(testDatabaseKinds())('"Password dimenticata?" on %s', (kind) => {
  let area: TestArea;
  let ip = 0;
  const client = () => new TestClient(area.app, `10.8.0.${++ip}`);

  beforeAll(async () => {
    area = await openTestArea(kind);
  });
  afterAll(() => area.close());

  let accounts = 0;
  async function newCustomer(locale: 'it' | 'en' = 'it') {
    const email = `forgetful-${++accounts}@example.com`;
    const customer = await insertCustomer(area.db, {
      email,
      passwordHash: await hashPassword(DEMO_PASSWORD),
      name: 'Smemorato',
      locale,
    });
    return { id: customer.id, email };
  }

  /** Runs the queued reset jobs, as the server's worker does. */
  const runJobs = () =>
    drainQueue(
      { db: area.db, clock: area.clock, logger: pino({ level: 'silent' }), workerId: 'test' },
      passwordResetQueue({ db: area.db }),
    );
  const resetEmails = (to: string) =>
    area.db
      .selectFrom('email_outbox')
      .select(['data', 'locale', 'customer_id'])
      .where('template', '=', 'password_reset')
      .where('to_address', '=', to)
      .orderBy('id')
      .execute();
  /** Asks for a link for `email` and returns the token the email carries. */
  async function linkFor(email: string): Promise<string> {
    const browser = client();
    await browser.get('/password-dimenticata');
    expect((await browser.post('/password-dimenticata', { email })).statusCode).toBe(200);
    await runJobs();
    const emails = await resetEmails(email);
    return (emails.at(-1)!.data as { token: string }).token;
  }

  it('links "Password dimenticata?" from the login page', async () => {
    const login = await client().get('/login');
    expect(login.body).toContain('<a href="/password-dimenticata">Password dimenticata?</a>');
    const form = await client().get('/password-dimenticata');
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/<label for="email">Email<\/label><input id="email" name="email" type="email"/);
  });

  it('gives the same answer, doing the same work, whether the email has an account or not', async () => {
    const { email } = await newCustomer();
    const jobs = async () =>
      (await area.db.selectFrom('jobs').select('id').where('queue', '=', PASSWORD_RESET_QUEUE).execute()).length;
    const before = await jobs();
    const answers = [];
    for (const address of [email, 'nobody-here@example.com']) {
      const browser = client();
      await browser.get('/password-dimenticata');
      answers.push(await browser.post('/password-dimenticata', { email: address }));
    }
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
    const strip = (html: string) =>
      html.replace(/value="[^"]*"/g, '').replace(/forgetful-\d+@example\.com|nobody-here@example\.com/g, '…');
    expect(strip(answers[0]!.body)).toBe(strip(answers[1]!.body));
    expect(pageText(answers[1]!.body)).toContain(
      "Se l'indirizzo nobody-here@example.com corrisponde a un account, riceverai a breve un'email",
    );
    // One job each: whether there is an account is only looked at later, by the job.
    expect((await jobs()) - before).toBe(2);
    await runJobs();
    expect(await resetEmails(email)).toHaveLength(1);
    expect(await resetEmails('nobody-here@example.com')).toHaveLength(0);
  });

  it('stores only the hash of the token, and the email is in the language the customer asked in', async () => {
    const { id, email } = await newCustomer('it');
    const browser = client();
    await browser.get('/password-dimenticata');
    await browser.post('/locale', { locale: 'en', return: '/password-dimenticata' });
    await browser.get('/password-dimenticata');
    await browser.post('/password-dimenticata', { email });
    await runJobs();
    const [sent] = await resetEmails(email);
    expect(sent).toMatchObject({ locale: 'en', customer_id: id });
    const token = (sent!.data as { token: string }).token;
    const rows = await area.db.selectFrom('password_reset_tokens').selectAll().where('customer_id', '=', id).execute();
    expect(rows).toEqual([expect.objectContaining({ token_hash: resetTokenHash(token), used_at: null })]);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]!.expires_at.getTime() - rows[0]!.created_at.getTime()).toBe(30 * 60_000);
  });

  it('changes the password with the link, ends every session of the customer, and the old password stops working', async () => {
    const { id, email } = await newCustomer();
    const signedIn = client();
    expect((await signedIn.logIn(email, DEMO_PASSWORD)).statusCode).toBe(303);
    // A Pagamenti session of the same customer (as the "Paga" hand-off makes it) must end too.
    await area.db
      .insertInto('web_sessions')
      .values({
        id_hash: 'f'.repeat(64),
        app: 'pay',
        customer_id: id,
        csrf_token: 'x',
        created_at: area.clock.now(),
        last_seen_at: area.clock.now(),
      })
      .execute();
    const token = await linkFor(email);

    const browser = client();
    const form = await browser.get(`/nuova-password?token=${token}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(
      /<label for="new-password">Nuova password<\/label><input id="new-password" name="password" type="password"/,
    );
    expect(form.body).toMatch(/<label for="confirm-password">Ripeti la nuova password<\/label>/);
    const done = await browser.post('/nuova-password', {
      token,
      password: 'una-nuova-password',
      confirm: 'una-nuova-password',
    });
    expect([done.statusCode, done.headers.location]).toEqual([303, '/login?password_changed=1']);
    expect(pageText((await browser.get('/login?password_changed=1')).body)).toContain(
      'Password cambiata. Accedi con la nuova password.',
    );

    expect(await area.db.selectFrom('web_sessions').select('app').where('customer_id', '=', id).execute()).toEqual([]);
    expect((await signedIn.get('/')).headers.location).toBe('/login');
    expect((await client().logIn(email, DEMO_PASSWORD)).statusCode).toBe(401);
    const withNew = client();
    expect((await withNew.logIn(email, 'una-nuova-password')).statusCode).toBe(303);
    expect(withNew.cookies.has(AREA_SESSION_COOKIE)).toBe(true);
  });

  it('uses a token once: the link is dead after it, and so are older links of the customer', async () => {
    const { email } = await newCustomer();
    const older = await linkFor(email);
    const token = await linkFor(email);
    const browser = client();
    await browser.get(`/nuova-password?token=${token}`);
    expect(
      (
        await browser.post('/nuova-password', {
          token,
          password: 'prima-password-nuova',
          confirm: 'prima-password-nuova',
        })
      ).statusCode,
    ).toBe(303);
    for (const used of [token, older]) {
      const again = client();
      const page = await again.get(`/nuova-password?token=${used}`);
      expect(page.statusCode).toBe(410);
      expect(pageText(page.body)).toContain('Il collegamento per reimpostare la password è scaduto');
    }
    await browser.get('/password-dimenticata');
    const replay = await browser.post('/nuova-password', {
      token,
      password: 'seconda-password',
      confirm: 'seconda-password',
    });
    expect(replay.statusCode).toBe(410);
    expect((await client().logIn(email, 'prima-password-nuova')).statusCode).toBe(303);
  });

  it('lets exactly one of two concurrent uses of a token win', async () => {
    const { email } = await newCustomer();
    const token = await linkFor(email);
    const results = await Promise.all(
      ['concorrente-uno-aa', 'concorrente-due-bb'].map((password) =>
        resetPassword({ db: area.db, clock: area.clock }, { token, password }),
      ),
    );
    expect(results.map((r) => r.kind).sort()).toEqual(['invalid_token', 'reset']);
  });

  it('expires the link 30 minutes after it was sent, by the application clock', async () => {
    const { email } = await newCustomer();
    const token = await linkFor(email);
    area.clock.advance(30 * 60_000 - 1);
    expect((await client().get(`/nuova-password?token=${token}`)).statusCode).toBe(200);
    area.clock.advance(1);
    const browser = client();
    expect((await browser.get(`/nuova-password?token=${token}`)).statusCode).toBe(410);
    const late = await browser.post('/nuova-password', {
      token,
      password: 'troppo-tardi-ormai',
      confirm: 'troppo-tardi-ormai',
    });
    expect(late.statusCode).toBe(410);
    expect((await client().logIn(email, DEMO_PASSWORD)).statusCode).toBe(303);
  });

  it('asks for a long enough password, typed twice the same (400, the link stays usable)', async () => {
    const { email } = await newCustomer();
    const token = await linkFor(email);
    const browser = client();
    await browser.get(`/nuova-password?token=${token}`);
    const short = await browser.post('/nuova-password', { token, password: 'corta', confirm: 'corta' });
    expect(short.statusCode).toBe(400);
    expect(pageText(short.body)).toContain('La password deve avere almeno 10 caratteri.');
    const mismatch = await browser.post('/nuova-password', {
      token,
      password: 'abbastanza-lunga',
      confirm: 'abbastanza-lungo',
    });
    expect(mismatch.statusCode).toBe(400);
    expect(pageText(mismatch.body)).toContain('Le due password non coincidono.');
    expect((await browser.get(`/nuova-password?token=${token}`)).statusCode).toBe(200);
  });

  it('answers a malformed or unknown link with the same page (410), and a bad email with a message (400)', async () => {
    for (const url of ['/nuova-password', '/nuova-password?token=short', `/nuova-password?token=${'A'.repeat(43)}`]) {
      const page = await client().get(url);
      expect(page.statusCode, url).toBe(410);
    }
    const browser = client();
    await browser.get('/password-dimenticata');
    const bad = await browser.post('/password-dimenticata', { email: 'not an email' });
    expect(bad.statusCode).toBe(400);
    expect(pageText(bad.body)).toContain('Scrivi un indirizzo email valido.');
  });

  it('limits requests per email, known or not, and per client address', async () => {
    const { email } = await newCustomer();
    for (const address of [email, 'nobody-limited@example.com']) {
      for (let i = 0; i < RESET_LIMITS.perEmail.limit; i++) {
        const browser = client();
        await browser.get('/password-dimenticata');
        expect((await browser.post('/password-dimenticata', { email: address })).statusCode).toBe(200);
      }
      const browser = client();
      await browser.get('/password-dimenticata');
      const refused = await browser.post('/password-dimenticata', { email: address.toUpperCase() });
      expect(refused.statusCode).toBe(429);
      expect(pageText(refused.body)).toContain('Troppe richieste di reimpostazione della password. Attendi');
    }
    const browser = new TestClient(area.app, '10.8.9.9');
    await browser.get('/password-dimenticata');
    const statuses = [];
    for (let i = 0; i <= RESET_LIMITS.perIp.limit; i++) {
      statuses.push((await browser.post('/password-dimenticata', { email: `someone-${i}@example.com` })).statusCode);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(RESET_LIMITS.perIp.limit);
    expect(statuses.at(-1)).toBe(429);
  });
});
