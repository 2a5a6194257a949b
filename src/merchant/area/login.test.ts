import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { findCustomerByEmail, insertCustomer } from '../customers/customer-repository.ts';
import { hashPassword } from '../customers/passwords.ts';
import { DEMO_GIULIA, DEMO_MARIO, DEMO_PASSWORD } from '../demo/demo-data.ts';
import { pageText, TestClient } from '../web/test-client.ts';
import { AREA_SESSION_COOKIE } from './area-app.ts';
import { openTestArea, type TestArea } from './test-area.ts';

describe.each(testDatabaseKinds())('Area Clienti login and session on %s', (kind) => {
  let area: TestArea;
  let ipCounter = 0;
  // Each test its own client IP, so the per-IP login limit of one test never blocks another.
  const client = () => new TestClient(area.app, `10.0.0.${++ipCounter}`);

  beforeAll(async () => {
    area = await openTestArea(kind);
  });
  afterAll(() => area.close());

  it('shows a login form with labelled Email and Password fields and the button "Accedi"', async () => {
    const res = await client().get('/login');
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/<label for="email">Email<\/label><input id="email" name="email" type="email"/);
    expect(res.body).toMatch(
      /<label for="password">Password<\/label><input id="password" name="password" type="password"/,
    );
    expect(res.body).toContain('<button type="submit" class="button button-wide">Accedi</button>');
    expect(res.body).toContain('<html lang="it">');
  });

  it('signs Mario in on a new session id with an HttpOnly, SameSite=Lax cookie', async () => {
    const browser = client();
    const login = await browser.get('/login');
    const anonymous = login.cookies.find((c) => c.name === AREA_SESSION_COOKIE);
    expect(anonymous).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(anonymous?.secure).toBeFalsy();

    const res = await browser.post('/login', { email: 'Mario.Rossi@Example.com ', password: DEMO_PASSWORD });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    const session = res.cookies.find((c) => c.name === AREA_SESSION_COOKIE);
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(session?.value).not.toBe(anonymous?.value);

    const home = await browser.get('/');
    expect(home.statusCode).toBe(200);
    expect(pageText(home.body)).toContain('Mario Rossi');
    // The pre-login session id is dead: whoever planted or saw it gains nothing.
    const planted = new TestClient(area.app);
    planted.cookies.set(AREA_SESSION_COOKIE, anonymous!.value);
    expect((await planted.get('/')).headers.location).toBe('/login');
  });

  it('stores only a hash of the session token', async () => {
    const browser = client();
    await browser.logIn(DEMO_MARIO.email, DEMO_PASSWORD);
    const token = browser.cookies.get(AREA_SESSION_COOKIE)!;
    const rows = await area.db.selectFrom('web_sessions').select('id_hash').execute();
    expect(rows.some((r) => r.id_hash === token)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.id_hash))).toBe(true);
  });

  it('gives one generic message for a wrong password and for an unknown email', async () => {
    const wrongPassword = await client().logIn(DEMO_MARIO.email, 'not-the-password');
    const unknownEmail = await client().logIn('nobody@example.com', DEMO_PASSWORD);
    for (const res of [wrongPassword, unknownEmail]) {
      expect(res.statusCode).toBe(401);
      expect(pageText(res.body)).toContain('Email o password non corretti.');
    }
    const strip = (html: string) => html.replace(/value="[^"]*"/g, '');
    expect(strip(wrongPassword.body)).toBe(strip(unknownEmail.body));
  });

  it('sends visitors who are not signed in to the login page', async () => {
    for (const url of ['/', '/services/1', '/orders/ORD-2026-000001']) {
      const res = await client().get(url);
      expect([res.statusCode, res.headers.location]).toEqual([303, '/login']);
    }
  });

  /** A customer of their own, so that no other test's tries count against the account. */
  let accounts = 0;
  async function newCustomer(): Promise<string> {
    const email = `throttled-${++accounts}@example.com`;
    await insertCustomer(area.db, {
      email,
      passwordHash: await hashPassword('right-password'),
      name: 'T',
      locale: 'it',
    });
    return email;
  }

  it('never locks a customer out: after six wrong passwords from one address, the right one from another gets in at once', async () => {
    const email = await newCustomer();
    const attacker = new TestClient(area.app, '198.51.100.66');
    for (let i = 0; i < 6; i++) expect((await attacker.logIn(email, `wrong-${i}`)).statusCode).toBeGreaterThan(400);
    const customer = new TestClient(area.app, '203.0.113.5');
    expect((await customer.logIn(email, 'right-password')).statusCode).toBe(303);
    expect((await customer.get('/')).statusCode).toBe(200);
  });

  it('makes the address that failed wait, says for how long, then lets the right password in', async () => {
    const email = await newCustomer();
    const browser = new TestClient(area.app, '198.51.100.67');
    for (let i = 0; i < 3; i++) expect((await browser.logIn(email, `wrong-${i}`)).statusCode).toBe(401);
    const blocked = await browser.logIn(email, 'right-password');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBe('1');
    expect(pageText(blocked.body)).toContain(
      'Troppi tentativi di accesso non riusciti con questa email. Per sicurezza attendi 1 secondo prima di riprovare.',
    );
    expect(blocked.body).toContain('role="alert"');
    expect(blocked.cookies.find((c) => c.name === AREA_SESSION_COOKIE)).toBeUndefined();
    area.clock.advance(999);
    expect((await browser.logIn(email, 'right-password')).statusCode).toBe(429);
    area.clock.advance(1);
    expect((await browser.logIn(email, 'right-password')).statusCode).toBe(303);
  });

  it('makes a pair that keeps failing wait longer each time (1 s, 2 s, 4 s, 8 s …); a success starts it afresh', async () => {
    const email = await newCustomer();
    const browser = new TestClient(area.app, '198.51.100.68');
    for (let i = 0; i < 3; i++) await browser.logIn(email, `wrong-${i}`);
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      const blocked = await browser.logIn(email, 'wrong-again');
      expect(blocked.statusCode).toBe(429);
      waits.push(Number(blocked.headers['retry-after']));
      area.clock.advance(waits.at(-1)! * 1000);
      expect((await browser.logIn(email, 'wrong-again')).statusCode).toBe(401);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16]);
    const english = new TestClient(area.app, '198.51.100.68');
    english.cookies.set('cassa_lang', 'en');
    const long = await english.logIn(email, 'right-password');
    expect(pageText(long.body)).toContain(
      'Too many failed login attempts with this email. For your security, wait 32 seconds before trying again.',
    );
    area.clock.advance(32_000);
    expect((await browser.logIn(email, 'right-password')).statusCode).toBe(303);
    // Afresh: three typos are free again (from another browser at the same address).
    const later = new TestClient(area.app, '198.51.100.68');
    for (let i = 0; i < 3; i++) expect((await later.logIn(email, `typo-${i}`)).statusCode).toBe(401);
    expect((await later.logIn(email, 'right-password')).statusCode).toBe(429);
  });

  it('limits login attempts per IP address across accounts', async () => {
    const browser = new TestClient(area.app, '192.0.2.77');
    for (let i = 0; i < 30; i++) expect((await browser.logIn(`guess-${i}@example.com`, 'x')).statusCode).toBe(401);
    const blocked = await browser.logIn(DEMO_MARIO.email, DEMO_PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(pageText(blocked.body)).toContain('Troppi tentativi di accesso da questa rete. Attendi');
    expect((await client().logIn(DEMO_MARIO.email, DEMO_PASSWORD)).statusCode).toBe(303);
  });

  it('refuses a form posted without its CSRF token with a 403 page', async () => {
    const browser = client();
    await browser.get('/login');
    const login = await browser.post(
      '/login',
      { email: DEMO_MARIO.email, password: DEMO_PASSWORD },
      { withCsrf: false },
    );
    expect(login.statusCode).toBe(403);
    expect(pageText(login.body)).toContain('Modulo scaduto');

    await browser.logIn(DEMO_MARIO.email, DEMO_PASSWORD);
    const logout = await browser.post('/logout', { _csrf: 'forged' }, { withCsrf: false });
    expect(logout.statusCode).toBe(403);
    expect((await browser.get('/')).statusCode).toBe(200);

    const noSession = await client().post('/locale', { locale: 'en' });
    expect(noSession.statusCode).toBe(403);
  });

  it('logs out on "Esci" and forgets the session', async () => {
    const browser = client();
    await browser.logIn(DEMO_MARIO.email, DEMO_PASSWORD);
    const token = browser.cookies.get(AREA_SESSION_COOKIE)!;
    await browser.get('/');
    expect(browser.lastBody).toContain('>Esci</button>');
    const res = await browser.post('/logout', {});
    expect([res.statusCode, res.headers.location]).toEqual([303, '/login?logged_out=1']);
    const replay = new TestClient(area.app);
    replay.cookies.set(AREA_SESSION_COOKIE, token);
    expect((await replay.get('/')).headers.location).toBe('/login');
  });

  it('ends a session after 30 idle minutes', async () => {
    const browser = client();
    await browser.logIn(DEMO_MARIO.email, DEMO_PASSWORD);
    area.clock.advance(29 * 60_000);
    expect((await browser.get('/')).statusCode).toBe(200);
    area.clock.advance(29 * 60_000);
    expect((await browser.get('/')).statusCode).toBe(200);
    area.clock.advance(31 * 60_000);
    expect((await browser.get('/')).headers.location).toBe('/login');
  });

  it('ends a session 12 hours after login however active it is', async () => {
    const browser = client();
    await browser.logIn(DEMO_MARIO.email, DEMO_PASSWORD);
    for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
      area.clock.advance(20 * 60_000);
      expect((await browser.get('/')).statusCode).toBe(200);
    }
    area.clock.advance(30 * 60_000);
    expect((await browser.get('/')).headers.location).toBe('/login');
  });

  it('switches to English and remembers it on the session, the browser and the account', async () => {
    const browser = client();
    await browser.logIn(DEMO_MARIO.email, DEMO_PASSWORD);
    await browser.get('/');
    const res = await browser.post('/locale', { locale: 'en', return: '/' });
    expect([res.statusCode, res.headers.location]).toEqual([303, '/']);
    const home = await browser.get('/');
    expect(home.body).toContain('<html lang="en">');
    expect(pageText(home.body)).toContain('Your services');
    expect(pageText(home.body)).toContain('Manage');
    expect(browser.cookies.get('cassa_lang')).toBe('en');
    expect((await findCustomerByEmail(area.db, DEMO_MARIO.email))?.locale).toBe('en');

    // A new browser picks it up from the account at login.
    const other = client();
    await other.logIn(DEMO_MARIO.email, DEMO_PASSWORD);
    expect((await other.get('/')).body).toContain('<html lang="en">');
    await other.post('/locale', { locale: 'it', return: '/' });
    expect((await other.get('/')).body).toContain('<html lang="it">');
  });

  it('shows Giulia the area in English, her language', async () => {
    const browser = client();
    await browser.logIn(DEMO_GIULIA.email, DEMO_PASSWORD);
    const home = await browser.get('/');
    expect(home.body).toContain('<html lang="en">');
    expect(pageText(home.body)).toContain('Giulia Bianchi');
  });

  it("follows the browser's Accept-Language on the login page until a choice is made", async () => {
    const browser = (languages: string) =>
      new TestClient(area.app, `10.0.0.${++ipCounter}`, { 'accept-language': languages });
    const english = browser('en-GB,en;q=0.9,it;q=0.8');
    const login = await english.get('/login');
    expect(login.body).toContain('<html lang="en">');
    expect(login.body).toContain('>Log in</button>');
    // q-values decide, not the order; a language we do not speak is skipped; q=0 refuses one.
    expect((await browser('fr-FR,it;q=0.5,en;q=0.7').get('/login')).body).toContain('<html lang="en">');
    expect((await browser('de, it;q=0.3').get('/login')).body).toContain('<html lang="it">');
    expect((await browser('en;q=0, fr').get('/login')).body).toContain('<html lang="it">');
    expect((await browser('*').get('/login')).body).toContain('<html lang="it">');

    // The language switch wins, and its cookie keeps winning over the header.
    await english.post('/locale', { locale: 'it', return: '/login' });
    expect((await english.get('/login')).body).toContain('<html lang="it">');
    // Once signed in, the account's language (Mario: Italian) wins over the header.
    const mario = browser('en');
    expect((await mario.get('/login')).body).toContain('<html lang="en">');
    await mario.post('/login', { email: DEMO_MARIO.email, password: DEMO_PASSWORD });
    expect((await mario.get('/')).body).toContain('<html lang="it">');
  });

  it('switches language before login too, and never redirects off site', async () => {
    const browser = client();
    await browser.get('/login');
    const res = await browser.post('/locale', { locale: 'en', return: '//evil.example/login' });
    expect(res.headers.location).toBe('/');
    const login = await browser.get('/login');
    expect(login.body).toContain('<label for="email">Email</label>');
    expect(login.body).toContain('>Log in</button>');
  });

  it('answers bad input with an error page, never a 500', async () => {
    const browser = client();
    await browser.get('/login');
    const unknownLocale = await browser.post('/locale', { locale: 'fr' });
    expect(unknownLocale.statusCode).toBe(400);
    const missingPassword = await browser.post('/login', { email: DEMO_MARIO.email });
    expect(missingPassword.statusCode).toBe(400);
    const json = await area.app.inject({ method: 'POST', url: '/login', payload: { email: 1 } });
    expect(json.statusCode).toBe(403);
    const text = await area.app.inject({
      method: 'POST',
      url: '/login',
      payload: '<x/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(text.statusCode).toBe(415);
    const huge = await browser.post('/login', { email: 'a'.repeat(100_000), password: 'x' });
    expect(huge.statusCode).toBe(413);
    for (const res of [unknownLocale, missingPassword, text, huge])
      expect(res.headers['content-type']).toMatch(/^text\/html/);
  });
});

describe.each(testDatabaseKinds())('Area Clienti over https on %s', (kind) => {
  let area: TestArea;
  const lines: string[] = [];
  const logLines = { write: (line: string) => lines.push(line) };
  beforeAll(async () => {
    area = await openTestArea(kind, {
      env: { PUBLIC_AREA_URL: 'https://area.example.it' },
      logger: pino({ level: 'info' }, logLines),
    });
  });
  afterAll(() => area.close());

  it('marks the session cookie Secure and turns HSTS on', async () => {
    const browser = new TestClient(area.app);
    await browser.get('/login');
    const res = await browser.post('/login', { email: DEMO_MARIO.email, password: DEMO_PASSWORD });
    expect(res.cookies.find((c) => c.name === AREA_SESSION_COOKIE)).toMatchObject({ secure: true, httpOnly: true });
    expect(res.headers['strict-transport-security']).toContain('max-age=31536000');
  });

  it('logs JSON with the request id of each request, and never the password or the session token', async () => {
    const browser = new TestClient(area.app);
    await browser.get('/login');
    const res = await browser.post('/login', { email: DEMO_MARIO.email, password: DEMO_PASSWORD });
    const requestId = String(res.headers['x-request-id']);
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const ofLogin = entries.filter((entry) => entry.reqId === requestId);
    // One line of its own (the login), then the request's one line, written when it completed.
    expect(ofLogin.map((entry) => entry.msg)).toEqual(['customer logged in', 'request']);
    expect(ofLogin[1]).toMatchObject({ method: 'POST', url: '/login', status: 303 });
    expect(ofLogin.every((entry) => entry.app === 'area')).toBe(true);
    const all = lines.join('\n');
    expect(all).not.toContain(DEMO_PASSWORD);
    expect(all).not.toContain(browser.cookies.get(AREA_SESSION_COOKIE)!);
  });
});
