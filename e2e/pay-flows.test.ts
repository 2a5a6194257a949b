import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GIULIA, DEMO_MARIO } from '../src/merchant/demo/demo-data.ts';
import { i18nFor } from '../src/merchant/web/i18n/i18n.ts';
import { addDays, addYears } from '../src/shared/clock.ts';
import { logInNewContext, submitLogin } from './support/area.ts';
import { launchBrowser, skipBrowserTests } from './support/browser.ts';
import { otpFor } from './support/mailboxes.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

const italian = i18nFor('it', 'Europe/Rome');

/**
 * The seed's two flows in Chromium, on the whole product started in-process: Area Clienti → "Paga" → Pagamenti →
 * the Banca Sandbox → back, with the seed's Italian labels, then the effects checked in Area Clienti and the database.
 */
describe.skipIf(skipBrowserTests)('Pagamenti flows in Chromium', () => {
  let system: TestSystem;
  let browser: Browser;

  beforeAll(async () => {
    system = await startTestSystem();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  const logIn = (email: string): Promise<Page> => logInNewContext(browser, system.urls.area, email);

  /** Gestisci on the service → Paga on its order awaiting payment; returns the order number. */
  async function gestisciPaga(
    page: Page,
    serviceLabel: string,
    labels = { manage: 'Gestisci', awaiting: 'Attesa pagamento', pay: 'Paga' },
  ): Promise<string> {
    await page.getByRole('row').filter({ hasText: serviceLabel }).getByRole('link', { name: labels.manage }).click();
    await page.getByRole('heading', { level: 1, name: serviceLabel }).waitFor();
    const row = page.getByRole('row').filter({ hasText: labels.awaiting });
    const number = (await row.textContent())?.match(/ORD-\d{4}-\d{6}/)?.[0];
    if (!number) throw new Error('no order awaiting payment');
    await row.getByRole('link', { name: labels.pay, exact: true }).click();
    return number;
  }

  /**
   * Pagamenti: Carta di Credito → Paga Subito → Numero d'ordine → Procedi, up to the card choice. The seed's note on
   * Firma Digitale and Marca Temporale is there only for those (`renewalNote`), its "sezione dedicata" a real link.
   */
  async function chooseOrder(page: Page, number: string, renewalNote = false): Promise<void> {
    await page.getByRole('heading', { level: 1, name: 'Modalità di pagamento' }).waitFor();
    expect(new URL(page.url()).origin).toBe(system.urls.pay);
    expect(await page.getByLabel('Carta di Credito').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Paga Subito' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ordini in attesa di pagamento' }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: number }).count()).toBe(1);
    await page.getByLabel("Numero d'ordine").fill(number);
    await page.getByRole('button', { name: 'Procedi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Scegli la carta di credito' }).waitFor();
    expect(
      await page.getByText('Il rinnovo automatico non è disponibile per Firma Digitale e Marca Temporale').count(),
    ).toBe(renewalNote ? 1 : 0);
    expect(await page.getByRole('link', { name: 'sezione dedicata' }).count()).toBe(renewalNote ? 1 : 0);
    expect(await page.getByLabel(/^Attiva il rinnovo automatico su questa carta/).count()).toBe(renewalNote ? 0 : 1);
  }

  /** On the bank's own page: holder, number, expiry, CVV → Procedi → Riepilogo → Invio dati. */
  async function newCardAtBank(page: Page, number: string): Promise<string> {
    await page.getByLabel('Numero carta').waitFor();
    expect(new URL(page.url()).origin).toBe(system.urls.bank);
    const sessionId = new URL(page.url()).pathname.split('/')[2]!;
    await page.getByLabel('Titolare').fill('Mario Rossi');
    await page.getByLabel('Numero carta').fill(number);
    await page.getByLabel('Scadenza').fill('12/34');
    await page.getByLabel('CVV').fill('735');
    await page.getByRole('button', { name: 'Procedi' }).click();
    await page.getByRole('heading', { name: 'Riepilogo' }).waitFor();
    await page.getByRole('button', { name: 'Invio dati' }).click();
    return sessionId;
  }

  async function outboxOf(orderNumber: string) {
    const order = await system.merchantDb
      .selectFrom('orders')
      .selectAll()
      .where('number', '=', orderNumber)
      .executeTakeFirstOrThrow();
    const rows = await system.merchantDb
      .selectFrom('email_outbox')
      .select(['template', 'dedupe_key', 'data', 'to_address'])
      .where('dedupe_key', 'like', `%order:${order.id}`)
      .orderBy('id')
      .execute();
    return { order, rows };
  }

  it('"Esci" in Pagamenti, without JavaScript, signs Mario out of Pagamenti and Area Clienti and says so', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${system.urls.area}/login`);
    await submitLogin(page, DEMO_MARIO.email);
    const number = await gestisciPaga(page, 'mario.rossi@pec.example.it');
    await chooseOrder(page, number);
    const cardPage = page.url();

    await page.getByRole('button', { name: 'Esci' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sei uscito' }).waitFor();
    expect(new URL(page.url()).origin).toBe(system.urls.pay);
    expect(await page.getByRole('status').textContent()).toContain("Sei uscito da Pagamenti e dall'Area Clienti.");
    expect(await page.getByRole('button', { name: 'Esci' }).count()).toBe(0);
    // The card choice is out of reach, in Pagamenti and through Area Clienti alike.
    expect((await page.goto(cardPage))?.status()).toBe(401);
    await page.goBack();
    await page.getByRole('link', { name: "Accedi all'Area Clienti" }).click();
    await page.getByRole('button', { name: 'Accedi' }).waitFor();
    expect(new URL(page.url()).origin).toBe(system.urls.area);
    await page.goto(`${system.urls.area}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });

  it('Flow A: Mario pays the PEC renewal with his saved card ending 4444; the order is Pagato, the PEC extended by a year, automatic renewal on, both emails queued', async () => {
    const page = await logIn(DEMO_MARIO.email);
    const pecBefore = await system.merchantDb
      .selectFrom('subscriptions')
      .selectAll()
      .where('label', '=', 'mario.rossi@pec.example.it')
      .executeTakeFirstOrThrow();
    const number = await gestisciPaga(page, 'mario.rossi@pec.example.it');
    await chooseOrder(page, number);

    const saved = page.getByLabel(/•••• 4444/);
    expect(await saved.isChecked()).toBe(true);
    // The pre-ticked choice names the next charge (RENEWAL_LEAD_DAYS before the new expiry) and its amount.
    const nextCharge = addDays(addYears(pecBefore.expires_on as string, 1), -7);
    const choice = page.getByLabel(/^Attiva il rinnovo automatico su questa carta/);
    expect(await choice.isChecked()).toBe(true);
    expect(await page.locator('label[for="auto-renew"]').textContent()).toBe(
      `Attiva il rinnovo automatico su questa carta: prossimo addebito il ${italian.date(nextCharge)}, importo ${italian.money(3538)}`,
    );
    // The charging button says that it charges, and how much, the seed's word first.
    await page.getByRole('button', { name: /^Procedi al pagamento di 35,38\s€$/ }).click();
    // A frictionless saved card is authorized at once: the bank sends the customer straight back, no bank page.
    await page.getByRole('heading', { level: 1, name: 'Pagamento completato' }).waitFor();
    expect(new URL(page.url()).origin).toBe(new URL(system.urls.pay).origin);
    const result = await page.locator('main').textContent();
    expect(result).toContain(number);
    expect(result).toContain('•••• 4444');
    expect(result).toContain('35,38');
    expect(result).toContain('Il rinnovo automatico è attivo sulla carta Mastercard •••• 4444');
    expect(await page.getByRole('button', { name: 'Esci' }).count()).toBe(1);

    await page.getByRole('link', { name: "Torna all'Area Clienti" }).first().click();
    await page
      .getByRole('row')
      .filter({ hasText: 'mario.rossi@pec.example.it' })
      .getByRole('link', { name: 'Gestisci' })
      .click();
    const service = await page.locator('main').textContent();
    expect(service).toContain('Attivo sulla carta Mastercard •••• 4444');
    expect(await page.getByRole('row').filter({ hasText: number }).textContent()).toContain('Pagato');
    expect(await page.getByRole('row').filter({ hasText: 'Attesa pagamento' }).count()).toBe(0);

    const pecAfter = await system.merchantDb
      .selectFrom('subscriptions')
      .selectAll()
      .where('id', '=', pecBefore.id)
      .executeTakeFirstOrThrow();
    expect(pecAfter.expires_on).toBe(addYears(pecBefore.expires_on as string, 1));
    expect(pecAfter.auto_renew).toBe(true);
    const { order, rows } = await outboxOf(number);
    expect(order.state).toBe('paid');
    expect(rows.map((r) => r.template)).toEqual(['payment_confirmation', 'auto_renew_activated']);
    expect(rows[0]!.to_address).toBe(DEMO_MARIO.email);
    expect(rows[0]!.data).toMatchObject({ orderNumber: number, totalCents: 3538, card: { last4: '4444' } });
    expect(rows[1]!.data).toMatchObject({ productCode: 'pec', card: { last4: '4444' } });
    await page.context().close();
  });

  it('Flow B: Mario pays the SPID renewal with a new card 4242 (OTP from /sms.json), "torna al negozio" completes it and the card is saved', async () => {
    const page = await logIn(DEMO_MARIO.email);
    const number = await gestisciPaga(page, 'SPID - Mario Rossi (RSSMRA80A01H501U)');
    await chooseOrder(page, number);
    await page.getByLabel('Nuova carta di pagamento').check();
    await page.getByRole('button', { name: 'Procedi' }).click();
    const sessionId = await newCardAtBank(page, '4242 4242 4242 4242');
    await page.getByLabel('Codice').fill(await otpFor(system.urls.bank, sessionId));
    await page.getByRole('button', { name: 'Conferma' }).click();
    await page.getByRole('heading', { name: 'Pagamento autorizzato' }).waitFor();
    await page.getByRole('button', { name: 'torna al negozio' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pagamento completato' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('Visa •••• 4242');

    const { order, rows } = await outboxOf(number);
    expect(order.state).toBe('paid');
    expect(rows.map((r) => r.template)).toEqual(['payment_confirmation', 'auto_renew_activated']);
    const cards = await system.merchantDb.selectFrom('saved_cards').selectAll().where('last4', '=', '4242').execute();
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ brand: 'visa', exp_month: 12, exp_year: 2034, holder: 'Mario Rossi' });
    await page.context().close();
  });

  it('Flow B with 4000 0000 0000 3220: approved in the bank app from a second page; the new card appears among the saved ones', async () => {
    const page = await logIn(DEMO_MARIO.email);
    const number = await gestisciPaga(page, 'Fatturazione PA - P.IVA 01234567890');
    await chooseOrder(page, number);
    // Flow B's card is now one of Mario's saved cards.
    expect(await page.getByLabel(/Visa •••• 4242/).count()).toBe(1);
    await page.getByLabel('Nuova carta di pagamento').check();
    await page.getByRole('button', { name: 'Procedi' }).click();
    await newCardAtBank(page, '4000 0000 0000 3220');
    await page.getByRole('heading', { name: "Autorizza nell'app della banca" }).waitFor();
    const app = await page.context().newPage();
    await app.goto(`${system.urls.bank}/app`);
    await app
      .getByRole('button', { name: /^Autorizza/ })
      .first()
      .click();
    await app.getByText('Risposta registrata.').waitFor();
    await page.getByRole('heading', { name: 'Pagamento autorizzato' }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'torna al negozio' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pagamento completato' }).waitFor();
    const { order, rows } = await outboxOf(number);
    expect(order.state).toBe('paid');
    expect(rows.map((r) => r.template)).toEqual(['payment_confirmation', 'auto_renew_activated']);
    expect(
      await system.merchantDb.selectFrom('saved_cards').select('id').where('last4', '=', '3220').execute(),
    ).toHaveLength(1);
    await page.context().close();
  });

  it('a declined card (9995) leaves the Firma Digitale order awaiting payment with the reason; "Riprova" then pays it: Pagato, no automatic renewal, only the payment email', async () => {
    const page = await logIn(DEMO_MARIO.email);
    const number = await gestisciPaga(page, 'Firma Digitale Remota - Mario Rossi');
    await chooseOrder(page, number, true);
    await page.getByLabel('Nuova carta di pagamento').check();
    await page.getByRole('button', { name: 'Procedi' }).click();
    await newCardAtBank(page, '4000 0000 0000 9995');
    await page.getByRole('button', { name: 'torna al negozio' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pagamento non riuscito' }).waitFor();
    const declined = await page.locator('main').textContent();
    expect(declined).toContain('fondi insufficienti');
    expect(declined).toContain(`L'ordine ${number} resta in Attesa pagamento`);
    expect((await outboxOf(number)).order.state).toBe('awaiting_payment');

    await page.getByRole('link', { name: 'Riprova' }).click();
    await page.getByRole('heading', { level: 1, name: 'Scegli la carta di credito' }).waitFor();
    await page.getByLabel(/Mastercard •••• 4444/).check();
    await page.getByRole('button', { name: 'Procedi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pagamento completato' }).waitFor();
    expect(await page.locator('main').textContent()).toContain(
      'Il rinnovo automatico non è disponibile per questo prodotto.',
    );

    const { order, rows } = await outboxOf(number);
    expect(order.state).toBe('paid');
    expect(rows.map((r) => r.template)).toEqual(['payment_confirmation']);
    const firma = await system.merchantDb
      .selectFrom('subscriptions')
      .selectAll()
      .where('id', '=', order.subscription_id)
      .executeTakeFirstOrThrow();
    expect(firma).toMatchObject({ status: 'active', auto_renew: false, auto_renew_card_id: null });
    await page.context().close();
  });

  it("Giulia cannot pay, see or learn of Mario's orders, by number or by URL", async () => {
    const mario = await system.merchantDb
      .selectFrom('customers')
      .select('id')
      .where('email', '=', DEMO_MARIO.email)
      .executeTakeFirstOrThrow();
    const marioOrders = await system.merchantDb
      .selectFrom('orders')
      .select(['number', 'state'])
      .where('customer_id', '=', mario.id)
      .execute();
    const marioAttempt = await system.merchantDb
      .selectFrom('payment_attempts')
      .select('public_id')
      .where('customer_id', '=', mario.id)
      .executeTakeFirstOrThrow();
    const page = await logIn(DEMO_GIULIA.email);
    const number = await gestisciPaga(page, 'giulia.bianchi@pec.example.it', {
      manage: 'Manage',
      awaiting: 'Awaiting payment',
      pay: 'Pay',
    });
    await page.getByRole('button', { name: 'Pay now' }).click();
    await page.getByRole('heading', { level: 1, name: 'Orders awaiting payment' }).waitFor();
    const panel = await page.locator('main').textContent();
    expect(panel).toContain(number);
    for (const order of marioOrders) expect(panel).not.toContain(order.number);

    const unknown = 'ORD-2026-999999';
    await page.getByLabel('Order number').fill(unknown);
    await page.getByRole('button', { name: 'Continue' }).click();
    const unknownMessage = ((await page.getByRole('alert').textContent()) ?? '').replace(unknown, '#');
    for (const order of marioOrders) {
      await page.getByLabel('Order number').fill(order.number);
      await page.getByRole('button', { name: 'Continue' }).click();
      expect(((await page.getByRole('alert').textContent()) ?? '').replace(order.number, '#')).toBe(unknownMessage);
      for (const url of [
        `${system.urls.pay}/orders/${order.number}/card`,
        `${system.urls.area}/paga/${order.number}`,
      ]) {
        const response = await page.goto(url);
        expect(response?.status()).toBe(404);
      }
      await page.goto(`${system.urls.pay}/orders`);
    }
    const response = await page.goto(`${system.urls.pay}/payments/${marioAttempt.public_id}`);
    expect(response?.status()).toBe(404);
    await page.context().close();
  });
});
