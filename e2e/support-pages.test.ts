import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCustomer } from '../src/merchant/customers/customer-repository.ts';
import { hashPassword } from '../src/merchant/customers/passwords.ts';
import { DEMO_GIULIA, DEMO_MARIO, DEMO_PASSWORD } from '../src/merchant/demo/demo-data.ts';
import { logInNewContext, submitLogin } from './support/area.ts';
import { launchBrowser, skipBrowserTests } from './support/browser.ts';
import { type InboxMessage, messagesTo } from './support/mailboxes.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

const SUPPORT_EMAIL = 'assistenza@provider.example';

/**
 * The seed page's ending, in Chromium on the whole product: "La tua opinione è importante per noi!" (a vote stored,
 * on the help page and after a payment), "Contatta i nostri esperti" (a request stored, the support email and the
 * customer's confirmation in the built-in inbox), and "Password dimenticata?" end to end through the inbox.
 */
describe.skipIf(skipBrowserTests)('help, feedback, contact and password reset in Chromium', () => {
  let system: TestSystem;
  let browser: Browser;

  beforeAll(async () => {
    system = await startTestSystem({ env: { SUPPORT_EMAIL } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  const customerId = async (email: string) =>
    (await system.merchantDb.selectFrom('customers').select('id').where('email', '=', email).executeTakeFirstOrThrow())
      .id;
  const feedbackOf = async (email: string) =>
    system.merchantDb
      .selectFrom('page_feedback')
      .select(['page_key', 'useful', 'comment'])
      .where('customer_id', '=', await customerId(email))
      .orderBy('page_key')
      .execute();
  /** The first message to `address` whose subject matches, once the worker has delivered it. */
  async function awaitMail(address: string, subject: RegExp): Promise<InboxMessage> {
    let found: InboxMessage | undefined;
    await expect
      .poll(
        async () => {
          found = (await messagesTo(system.urls.inbox, address)).find((m) => subject.test(m.subject));
          return found !== undefined;
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    return found!;
  }

  const texts = {
    it: {
      help: 'Centro assistenza e contatti',
      yes: 'Sì',
      no: 'No',
      comment: 'Commento (facoltativo)',
      thanks: 'Grazie! Abbiamo registrato la tua opinione.',
      contact: 'Contatta i nostri esperti',
      topic: 'Argomento',
      topicLabel: 'Pagamenti e carte',
      order: 'Ordine (facoltativo)',
      message: 'Messaggio',
      send: 'Invia richiesta',
      sent: /Richiesta n\. (\d+) inviata\./,
      confirmation: /^Abbiamo ricevuto la tua richiesta di assistenza n\. (\d+)$/,
    },
    en: {
      help: 'Help centre and contacts',
      yes: 'Yes',
      no: 'No',
      comment: 'Comment (optional)',
      thanks: 'Thank you! We have recorded your opinion.',
      contact: 'Contact our experts',
      topic: 'Topic',
      topicLabel: 'Payments and cards',
      order: 'Order (optional)',
      message: 'Message',
      send: 'Send request',
      sent: /Request no\. (\d+) sent\./,
      confirmation: /^We have received your support request no\. (\d+)$/,
    },
  } as const;

  it.each([
    ['Italian', 'it', DEMO_MARIO.email, true],
    ['English', 'en', DEMO_GIULIA.email, false],
  ] as const)(
    '%s: a vote on the help page and a support request, both stored, both emails delivered',
    async (_l, locale, email, useful) => {
      const t = texts[locale];
      const page = await logInNewContext(browser, system.urls.area, email);
      await page.getByRole('link', { name: t.help }).click();
      await page.getByRole('heading', { level: 1, name: locale === 'it' ? 'Assistenza' : 'Help' }).waitFor();
      await page.getByLabel(t.comment).fill(`Commento ${locale}`);
      await page.getByRole('button', { name: useful ? t.yes : t.no, exact: true }).click();
      await page.getByText(t.thanks).waitFor();
      expect(await feedbackOf(email)).toEqual([{ page_key: 'area.help', useful, comment: `Commento ${locale}` }]);

      await page.getByRole('link', { name: t.contact }).click();
      await page.getByRole('heading', { level: 1, name: t.contact }).waitFor();
      const orderNumber = await system.merchantDb
        .selectFrom('orders')
        .select('number')
        .where('customer_id', '=', await customerId(email))
        .executeTakeFirstOrThrow();
      await page.getByLabel(t.topic).selectOption({ label: t.topicLabel });
      await page.getByLabel(t.order).selectOption(orderNumber.number);
      await page.getByLabel(t.message).fill(`Una domanda sul mio ordine (${locale}).`);
      await page.getByRole('button', { name: t.send }).click();
      const status = await page.getByRole('status').filter({ hasText: t.sent }).textContent();
      const requestId = Number(t.sent.exec(status ?? '')?.[1]);
      const stored = await system.merchantDb
        .selectFrom('support_requests')
        .selectAll()
        .where('id', '=', requestId)
        .executeTakeFirstOrThrow();
      expect(stored).toMatchObject({ topic: 'payments', message: `Una domanda sul mio ordine (${locale}).` });

      const toSupport = await awaitMail(SUPPORT_EMAIL, new RegExp(`^Richiesta di assistenza n\\. ${requestId} `));
      expect(toSupport.text).toContain(email);
      expect(toSupport.text).toContain(orderNumber.number);
      expect(toSupport.text).toContain(`Una domanda sul mio ordine (${locale}).`);
      const confirmation = await awaitMail(email, t.confirmation);
      expect(confirmation.subject).toMatch(new RegExp(`${requestId}$`));
      expect(confirmation.html).toContain(`<html lang="${locale}"`);
      await page.context().close();
    },
  );

  it('asks for feedback after a payment and stores the vote with the page and the customer', async () => {
    const page = await logInNewContext(browser, system.urls.area, DEMO_MARIO.email);
    await payWithSavedCard(page, 'Firma Digitale Remota - Mario Rossi');
    await page.getByRole('heading', { level: 2, name: 'La tua opinione è importante per noi!' }).waitFor();
    await page.getByRole('button', { name: 'Sì', exact: true }).click();
    await page.getByText('Grazie! Abbiamo registrato la tua opinione.').waitFor();
    expect(await page.getByRole('heading', { level: 1, name: 'Pagamento completato' }).count()).toBe(1);
    expect((await feedbackOf(DEMO_MARIO.email)).map((row) => row.page_key)).toEqual(['area.help', 'pay.result']);
    await page.context().close();
  });

  async function payWithSavedCard(page: Page, serviceLabel: string): Promise<void> {
    await page.goto(system.urls.area);
    await page.getByRole('row').filter({ hasText: serviceLabel }).getByRole('link', { name: 'Gestisci' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Attesa pagamento' });
    const number = (await row.textContent())?.match(/ORD-\d{4}-\d{6}/)?.[0] ?? '';
    await row.getByRole('link', { name: 'Paga', exact: true }).click();
    await page.getByRole('button', { name: 'Paga Subito' }).click();
    await page.getByLabel("Numero d'ordine").fill(number);
    await page.getByRole('button', { name: 'Procedi' }).click();
    await page.getByLabel(/4444/).check();
    await page.getByRole('button', { name: /^Procedi/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Pagamento completato' }).waitFor();
  }

  const resetTexts = {
    it: {
      forgot: 'Password dimenticata?',
      send: 'Invia il collegamento',
      sent: /riceverai a breve un'email/,
      subject: /^Reimposta la password dell'Area Clienti$/,
      button: 'Scegli una nuova password',
      newPassword: 'Nuova password',
      confirm: 'Ripeti la nuova password',
      change: 'Cambia password',
      changed: 'Password cambiata. Accedi con la nuova password.',
      invalid: 'Email o password non corretti.',
      logout: 'Esci',
    },
    en: {
      forgot: 'Forgot your password?',
      send: 'Send the link',
      sent: /you will shortly receive an email/,
      subject: /^Reset your Customer Area password$/,
      button: 'Choose a new password',
      newPassword: 'New password',
      confirm: 'Repeat the new password',
      change: 'Change password',
      changed: 'Password changed. Log in with your new password.',
      invalid: 'Incorrect email or password.',
      logout: 'Sign out',
    },
  } as const;

  it.each(['it', 'en'] as const)(
    'resets a forgotten password end to end through the inbox (%s); the old password then fails',
    async (locale) => {
      const t = resetTexts[locale];
      const email = `reset-${locale}@example.com`;
      await insertCustomer(system.merchantDb, {
        email,
        passwordHash: await hashPassword(DEMO_PASSWORD),
        name: 'Cliente Smemorato',
        locale: 'it',
      });
      const page = await (await browser.newContext({ locale: 'it-IT' })).newPage();
      await page.goto(`${system.urls.area}/login`);
      if (locale === 'en') await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('link', { name: t.forgot }).click();
      await page.getByLabel('Email').fill(email);
      await page.getByRole('button', { name: t.send }).click();
      await page.getByRole('status').filter({ hasText: t.sent }).waitFor();

      const mail = await awaitMail(email, t.subject);
      expect(mail.html).toContain(`<html lang="${locale}"`);
      const link = new RegExp(`${t.button}: (\\S+)`).exec(mail.text)?.[1] ?? '';
      expect(link.startsWith(`${system.urls.area}/nuova-password?token=`)).toBe(true);
      await page.goto(link);
      await page.getByLabel(t.newPassword, { exact: true }).fill('nuova-password-e2e');
      await page.getByLabel(t.confirm, { exact: true }).fill('nuova-password-e2e');
      await page.getByRole('button', { name: t.change }).click();
      await page.getByText(t.changed).waitFor();

      await submitLogin(page, email, 'nuova-password-e2e');
      await page.getByRole('button', { name: t.logout }).click();
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: /^(Accedi|Log in)$/ }).click();
      await page.getByRole('alert').filter({ hasText: t.invalid }).waitFor();
      // The link worked once: opened again, it says so.
      await page.goto(link);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        locale === 'it' ? 'Collegamento non valido' : 'Link not valid',
      );
      await page.context().close();
    },
  );
});
