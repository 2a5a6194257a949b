import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { checkTaxCode, checkVatNumber } from '../../shared/fiscal-codes.ts';
import { DEMO_BILLING, DEMO_GIULIA, DEMO_MARIO, DEMO_PASSWORD } from '../demo/demo-data.ts';
import { findBillingProfile } from '../invoices/billing-profile-repository.ts';
import { pageText, TestClient } from '../web/test-client.ts';
import { openTestArea, type TestArea } from './test-area.ts';

const COMPANY = {
  kind: 'company',
  first_name: '',
  last_name: '',
  name: 'Rossi Servizi S.n.c.',
  tax_code: '',
  vat_number: '12345678903',
  office_code: '',
  recipient_code: 'abc1234',
  pec: '',
  street: 'Via Roma 1',
  postal_code: '00184',
  city: 'Roma',
  province: 'rm',
  country: 'IT',
};

describe.each(testDatabaseKinds())('"Dati di fatturazione" in Area Clienti on %s', (kind) => {
  let area: TestArea;
  let mario: TestClient;
  let marioId: number;

  beforeAll(async () => {
    area = await openTestArea(kind);
    mario = new TestClient(area.app, '10.15.0.1');
    expect((await mario.logIn(DEMO_MARIO.email, DEMO_PASSWORD)).statusCode).toBe(303);
    marioId = (
      await area.db.selectFrom('customers').select('id').where('email', '=', DEMO_MARIO.email).executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(() => area.close());

  it('the demo fills valid billing data for Mario (codice fiscale) and Giulia (partita IVA, codice destinatario)', async () => {
    const [marioData, giuliaData] = DEMO_BILLING;
    expect(marioData?.kind === 'person' && checkTaxCode(marioData.taxCode).ok).toBe(true);
    expect(giuliaData?.kind === 'company' && checkVatNumber(giuliaData.vatNumber).ok).toBe(true);
    expect(await findBillingProfile(area.db, marioId)).toEqual(marioData);
    const giulia = new TestClient(area.app, '10.15.0.2');
    expect((await giulia.logIn(DEMO_GIULIA.email, DEMO_PASSWORD)).statusCode).toBe(303);
    const page = await giulia.get('/dati-fatturazione');
    expect(page.statusCode).toBe(200);
    expect(pageText(page.body)).toContain('Billing details');
    expect(page.body).toContain('value="03487210589"');
    expect(page.body).toContain('value="M5UXCR1"');
  });

  it('shows the saved values, linked from the home page, and asks for a login first', async () => {
    expect((await mario.get('/')).body).toContain('<a href="/dati-fatturazione">Dati di fatturazione</a>');
    const page = await mario.get('/dati-fatturazione');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<label for="billing-tax_code">Codice fiscale</label>');
    expect(page.body).toContain('value="RSSMRA80A01H501U"');
    expect(page.body).toMatch(/id="billing-kind-person"[^>]*checked/);
    const visitor = new TestClient(area.app, '10.15.0.9');
    const refused = await visitor.get('/dati-fatturazione');
    expect(refused.statusCode).toBe(303);
    expect(refused.headers.location).toBe('/login?next=%2Fdati-fatturazione');
  });

  it('refuses a wrong partita IVA with a 400 and the reason on that field, keeping what was typed', async () => {
    const refused = await mario.post('/dati-fatturazione', {
      ...COMPANY,
      vat_number: '12345678904',
      postal_code: '184',
    });
    expect(refused.statusCode).toBe(400);
    const text = pageText(refused.body);
    expect(text).toContain('Alcuni dati non sono corretti: controlla i campi segnalati.');
    expect(text).toContain('La cifra di controllo della partita IVA non è corretta');
    expect(text).toContain('Il CAP ha 5 cifre');
    expect(refused.body).toMatch(
      /id="billing-vat_number"[^>]*value="12345678904"[^>]*aria-invalid="true"[^>]*aria-describedby="billing-vat_number-error billing-vat_number-hint"/,
    );
    expect(refused.body).toContain('<p class="field-error" id="billing-vat_number-error">');
    expect(refused.body).not.toMatch(/id="billing-city"[^>]*aria-invalid/);
    // Nothing was saved.
    expect((await findBillingProfile(area.db, marioId))?.kind).toBe('person');
  });

  it('saves a valid company, normalized, and shows it back', async () => {
    const saved = await mario.post('/dati-fatturazione', COMPANY);
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/dati-fatturazione?saved=1');
    expect(await findBillingProfile(area.db, marioId)).toEqual({
      kind: 'company',
      name: 'Rossi Servizi S.n.c.',
      vatNumber: '12345678903',
      address: { street: 'Via Roma 1', postalCode: '00184', city: 'Roma', province: 'RM', country: 'IT' },
      recipientCode: 'ABC1234',
    });
    const page = await mario.get('/dati-fatturazione?saved=1');
    expect(pageText(page.body)).toContain('Dati di fatturazione salvati.');
    expect(page.body).toContain('value="ABC1234"');
    // Back to what the demo had, for the tests that read it.
    await mario.post('/dati-fatturazione', {
      ...COMPANY,
      kind: 'person',
      first_name: 'Mario',
      last_name: 'Rossi',
      name: '',
      vat_number: '',
      recipient_code: '',
      tax_code: 'RSSMRA80A01H501U',
      street: 'Via Appia Nuova 10',
      postal_code: '00183',
    });
    expect(await findBillingProfile(area.db, marioId)).toEqual(DEMO_BILLING[0]);
  });

  it('a refused form needs its CSRF token like every form', async () => {
    const forged = await mario.post('/dati-fatturazione', COMPANY, { withCsrf: false });
    expect(forged.statusCode).toBe(403);
  });
});
