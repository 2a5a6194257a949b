import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { DEMO_MARIO, DEMO_PASSWORD } from '../demo/demo-data.ts';
import { LOCALE_COOKIE } from '../web/locale-routes.ts';
import { pageText, TestClient } from '../web/test-client.ts';
import { openTestArea, type TestArea } from './test-area.ts';

describe.each(testDatabaseKinds())('the automatic renewal page ("sezione dedicata") on %s', (kind) => {
  let area: TestArea;

  beforeAll(async () => {
    area = await openTestArea(kind, { env: { RENEWAL_LEAD_DAYS: '10' } });
  });
  afterAll(async () => {
    await area?.close();
  });

  it('is public, in Italian: what it is, which products, when the charge happens (the configured lead days), how to switch it off', async () => {
    const client = new TestClient(area.app);
    const page = await client.get('/rinnovo-automatico');
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    expect(text).toContain('Rinnovo automatico');
    for (const heading of ['Che cos’è', 'Per quali prodotti', "Quando avviene l'addebito", 'Come si disattiva']) {
      expect(page.body).toContain(`>${heading.replace("'", '&#39;')}</h2>`);
    }
    expect(text).toContain('È disponibile per PEC, SPID, Conservazione e Fatturazione PA.');
    expect(text).toContain('Non è disponibile per Firma Digitale e Marca Temporale');
    expect(text).toContain("L'addebito avviene 10 giorni prima della scadenza del servizio");
    expect(text).toContain('Disattiva rinnovo automatico');
    expect(page.body).toContain('<a class="button" href="/login">Accedi all&#39;Area Clienti</a>');
    // The language switch works on it (the page has a session for its CSRF token).
    expect(page.body).toContain('name="return" value="/rinnovo-automatico"');
  });

  it('in English, and for a signed-in customer it leads back to their services', async () => {
    const client = new TestClient(area.app, '10.30.0.1');
    client.cookies.set(LOCALE_COOKIE, 'en');
    const english = pageText((await client.get('/rinnovo-automatico')).body);
    expect(english).toContain('Automatic renewal');
    expect(english).toContain('The charge happens 10 days before the service expires');
    expect(english).toContain('Switch automatic renewal off');
    expect((await client.logIn(DEMO_MARIO.email, DEMO_PASSWORD)).statusCode).toBe(303);
    expect((await client.get('/rinnovo-automatico')).body).toContain('<a class="button" href="/">');
  });
});
