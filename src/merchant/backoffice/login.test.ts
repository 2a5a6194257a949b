import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { DEMO_OPERATOR } from '../demo/demo-data.ts';
import { findOperatorById } from '../operators/operator-repository.ts';
import { totpCodeAt } from '../operators/totp.ts';
import { TestClient } from '../web/test-client.ts';
import { openTestBackoffice, TEST_OPERATOR_PASSWORD, type TestBackoffice } from './testing/test-backoffice.ts';

describe.each(testDatabaseKinds())('back-office sign-in (%s)', (kind) => {
  let bo: TestBackoffice;
  let strict: TestBackoffice;
  beforeAll(async () => {
    bo = await openTestBackoffice(kind);
    strict = await openTestBackoffice(kind, { env: { BACKOFFICE_REQUIRE_TOTP: '1' }, demoData: false });
  });
  afterAll(async () => {
    await bo?.close();
    await strict?.close();
  });

  test('every page but the login sends a stranger to "Accedi"', async () => {
    const client = new TestClient(bo.app);
    const page = await client.get('/ordini');
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/login?next=%2Fordini');
    const login = await client.get('/login?next=/ordini');
    expect(login.body).toContain('<label for="email">Email</label>');
    expect(login.body).toContain('<label for="password">Password</label>');
    expect(login.body).toMatch(/<button type="submit"[^>]*>Accedi<\/button>/);
  });

  test('the demo operator signs in with the demo password, as an admin', async () => {
    const client = new TestClient(bo.app);
    const response = await client.logIn(DEMO_OPERATOR.email, DEMO_OPERATOR.password);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/');
    const page = await client.get('/');
    expect(page.body).toContain('Amministratore');
  });

  test('a wrong password is refused with 401 and the same words as an unknown email', async () => {
    const operator = await bo.newOperator('viewer');
    const client = new TestClient(bo.app);
    const wrong = await client.logIn(operator.email, 'not-the-password');
    const unknown = await client.logIn('nobody@operators.example.com', TEST_OPERATOR_PASSWORD);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.body).toContain('Email o password non corrette.');
    expect(unknown.body).toContain('Email o password non corrette.');
  });

  test('a disabled operator cannot sign in, and a signed-in one is signed out at once', async () => {
    const { client, operator } = await bo.signIn('support');
    expect((await client.get('/login')).headers.location).toBe('/');
    await bo.db.updateTable('operators').set({ disabled_at: bo.clock.now() }).where('id', '=', operator.id).execute();
    expect((await client.get('/ordini')).headers.location).toBe('/login?next=%2Fordini');
    expect((await new TestClient(bo.app).logIn(operator.email, TEST_OPERATOR_PASSWORD)).statusCode).toBe(401);
  });

  test('the session ends after 30 minutes idle', async () => {
    const { client } = await bo.signIn('viewer');
    bo.clock.advance(31 * 60_000);
    expect((await client.get('/ordini')).headers.location).toBe('/login?next=%2Fordini');
  });

  test('where codes are required, the first sign-in enrols an authenticator, then every sign-in asks its code', async () => {
    const operator = await strict.newOperator('admin');
    const client = new TestClient(strict.app);
    const afterPassword = await client.logIn(operator.email, TEST_OPERATOR_PASSWORD);
    expect(afterPassword.headers.location).toBe('/login/attiva');
    // Between the steps no page opens.
    expect((await client.get('/ordini')).headers.location).toBe('/login?next=%2Fordini');
    const enrol = await client.get('/login/attiva');
    expect(enrol.statusCode).toBe(200);
    expect(enrol.body).toContain('<svg');
    const secret = (await findOperatorById(strict.db, operator.id))?.totp_secret;
    expect(secret).toBeTruthy();
    expect(enrol.body.replace(/\s/g, '')).toContain(secret);
    // Reloading the page keeps the same secret: the one already scanned.
    await client.get('/login/attiva');
    expect((await findOperatorById(strict.db, operator.id))?.totp_secret).toBe(secret);

    expect((await client.post('/login/attiva', { code: '000000' })).statusCode).toBe(401);
    const code = totpCodeAt(secret as string, strict.clock.now());
    const enrolled = await client.post('/login/attiva', { code });
    expect(enrolled.statusCode).toBe(303);
    expect(enrolled.headers.location).toBe('/');
    expect((await findOperatorById(strict.db, operator.id))?.totp_enabled_at).not.toBeNull();

    // The next sign-in asks for a code; the code just used is refused (spent), the next step's works.
    const again = new TestClient(strict.app);
    expect((await again.logIn(operator.email, TEST_OPERATOR_PASSWORD)).headers.location).toBe('/login/codice');
    await again.get('/login/codice');
    const replay = await again.post('/login/codice', { code });
    expect(replay.statusCode).toBe(401);
    expect(replay.body).toContain('già usato');
    strict.clock.advance(30_000);
    const next = await again.post('/login/codice', { code: totpCodeAt(secret as string, strict.clock.now()) });
    expect(next.statusCode).toBe(303);
    expect(next.headers.location).toBe('/');
    // An enrolled operator's login cannot take the enrolment path to replace the secret.
    const third = new TestClient(strict.app);
    await third.logIn(operator.email, TEST_OPERATOR_PASSWORD);
    expect((await third.get('/login/attiva')).headers.location).toBe('/login');
  });

  test('guessing codes is throttled', async () => {
    const operator = await strict.newOperator('viewer');
    const client = new TestClient(strict.app);
    await client.logIn(operator.email, TEST_OPERATOR_PASSWORD);
    await client.get('/login/attiva');
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await client.post('/login/attiva', { code: '123456' })).statusCode);
    expect(statuses).toContain(429);
  });

  test('a POST without the CSRF token is refused', async () => {
    const operator = await bo.newOperator('admin');
    const client = new TestClient(bo.app);
    await client.get('/login');
    const response = await client.post(
      '/login',
      { email: operator.email, password: TEST_OPERATOR_PASSWORD },
      { withCsrf: false },
    );
    expect(response.statusCode).toBe(403);
  });
});
