import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDatabaseKinds } from '../../../db/test-databases.ts';
import { openTestBackoffice, type TestBackoffice } from '../testing/test-backoffice.ts';

// The test back office's clock: 2026-11-28T09:00:00Z, so the windows end on 28/11/2026 in Rome.
const FROM_30 = '2026-10-30';
const FROM_90 = '2026-08-31';

describe.each(testDatabaseKinds())('back-office dashboard (%s)', (kind) => {
  let bo: TestBackoffice;
  beforeAll(async () => {
    bo = await openTestBackoffice(kind);
  });
  afterAll(async () => {
    await bo?.close();
  });

  const count = async (query: string) => Number((await sql.raw<{ n: string }>(query).execute(bo.db)).rows[0]?.n);
  const cell = (body: string, label: string) => {
    const match = body.match(
      new RegExp(`<span class="dash-value">([^<]*)</span><span class="dash-label">${label}</span>`),
    );
    return match?.[1];
  };

  test('a viewer sees the last 30 days, with the numbers of the database', async () => {
    const { client } = await bo.signIn('viewer');
    const page = await client.get('/');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Dashboard</h1>');
    expect(page.body).toContain('Periodo: dal 30/10/2026 al 28/11/2026');
    expect(page.body).toMatch(/<svg role="img" aria-labelledby="chart-payments-title chart-payments-desc"/);
    const captured = await count(`select count(*) n from payment_attempts where status = 'captured'
      and purpose <> 'card_verification' and created_at >= '2026-10-29T23:00:00Z' and created_at < '2026-11-28T23:00:00Z'`);
    expect(captured).toBeGreaterThan(10);
    expect(page.body).toContain(
      `<a href="/pagamenti?status=captured&amp;from=${FROM_30}&amp;to=2026-11-28">Incassati</a>: <strong>${captured}</strong>`,
    );
    const failed = await count(`select count(*) n from email_outbox where status = 'failed'`);
    expect(cell(page.body, 'Email non consegnate')).toBe(String(failed));
    const due7 = await count(`select count(*) n from subscriptions where status = 'active' and auto_renew
      and expires_on > '2026-11-28' and expires_on <= '2026-12-05'`);
    expect(cell(page.body, 'In scadenza entro 7 giorni')).toBe(String(due7));
  });

  test('every figure links to its filtered list', async () => {
    const { client } = await bo.signIn('viewer');
    const body = (await client.get('/?days=90')).body;
    const span = `from=${FROM_90}&amp;to=2026-11-28`;
    expect(body).toContain(`href="/pagamenti?status=declined&amp;${span}"`);
    expect(body).toMatch(new RegExp(`href="/pagamenti\\?status=declined&amp;decline=[a-z_]+&amp;${span}"`));
    expect(body).toMatch(
      new RegExp(`href="/pagamenti\\?status=declined&amp;purpose=renewal_charge&amp;decline=[a-z_]+&amp;${span}"`),
    );
    expect(body).toMatch(new RegExp(`href="/ordini\\?state=paid&amp;product=[a-z_]+&amp;${span}"`));
    expect(body).toContain(`href="/rinnovi?status=succeeded&amp;${span}"`);
    for (const href of [
      '/rinnovi?due_within=7',
      '/rinnovi?due_within=30',
      '/rinnovi?lapsing=30',
      '/email-fallite?status=failed',
      '/email-fallite?status=pending',
      '/pagamenti?status=needs_attention',
      '/consegne-webhook?status=failed',
    ]) {
      expect(body).toContain(`href="${href.replace('&', '&amp;')}"`);
    }
  });

  test('days=90 widens the window; a period other than 30 or 90 is a bad request', async () => {
    const { client } = await bo.signIn('viewer');
    const wide = await client.get('/?days=90');
    expect(wide.statusCode).toBe(200);
    expect(wide.body).toContain('Periodo: dal 31/08/2026 al 28/11/2026');
    expect(wide.body).toContain('<a href="/?days=90" aria-current="page">90 giorni</a>');
    const rows = (html: string) => (html.match(/<th scope="row">\d\d\/\d\d<\/th>/g) ?? []).length;
    expect(rows(wide.body)).toBe(90);
    expect(rows((await client.get('/')).body)).toBe(30);
    const declined = await count(`select count(*) n from payment_attempts where status = 'declined'
      and purpose <> 'card_verification' and created_at >= '2026-08-30T22:00:00Z' and created_at < '2026-11-28T23:00:00Z'`);
    expect(wide.body).toContain(`Rifiutati</a>: <strong>${declined}</strong>`);
    for (const bad of ['7', 'abc', '30&days=90']) {
      const page = await client.get(`/?days=${bad}`);
      expect(page.statusCode).toBe(400);
    }
  });

  test('a queued job shows in its queue, linked to its list', async () => {
    const { client } = await bo.signIn('viewer');
    const at = new Date(bo.clock.now().getTime() - 3 * 3_600_000);
    await bo.db
      .insertInto('jobs')
      .values({ queue: 'webhook.deliver', payload: '{}', run_at: at, created_at: at })
      .execute();
    const body = (await client.get('/')).body;
    expect(body).toContain(
      '<th scope="row"><a href="/lavori?queue=webhook.deliver">webhook.deliver</a></th><td class="num">1</td><td class="num">3 h</td>',
    );
  });
});
