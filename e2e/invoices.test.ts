import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GIULIA, DEMO_MARIO } from '../src/merchant/demo/demo-data.ts';
import { validateFatturaPa } from '../src/merchant/invoices/fatturapa-validate.ts';
import { fatturaPaFileName } from '../src/merchant/invoices/fatturapa-xml.ts';
import { documentOf } from '../src/merchant/invoices/fiscal-document-repository.ts';
import { i18nFor } from '../src/merchant/web/i18n/i18n.ts';
import { submitLogin } from './support/area.ts';
import { axeViolations } from './support/axe.ts';
import { launchBrowser, skipBrowserTests } from './support/browser.ts';
import { horizontalOverflow, PHONE_VIEWPORT } from './support/overflow.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

const italian = i18nFor('it', 'Europe/Rome');

/**
 * Issue 15's "Fatture" on the whole product: Flow A's payment issues an invoice, Area Clienti lists it, and its XML
 * and PDF downloaded in Chromium are a valid FatturaPA file and a PDF naming the order and the total.
 */
describe.skipIf(skipBrowserTests)('"Fatture" in Chromium', () => {
  let system: TestSystem;
  let browser: Browser;
  let downloads: string;

  beforeAll(async () => {
    system = await startTestSystem();
    browser = await launchBrowser();
    downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'cassa-invoices-'));
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
    if (downloads) fs.rmSync(downloads, { recursive: true, force: true });
  });

  // axe's script is injected inline: the context lets it past the page's CSP.
  async function logIn(email: string, viewport?: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({
      bypassCSP: true,
      acceptDownloads: true,
      ...(viewport ? { viewport } : {}),
    });
    const page = await context.newPage();
    await page.goto(`${system.urls.area}/login`);
    await submitLogin(page, email);
    return page;
  }

  /** Every message the built-in inbox received for `address`, parsed from the .eml files it keeps. */
  async function receivedBy(address: string) {
    const dir = path.join(system.dataDir, 'inbox');
    if (!fs.existsSync(dir)) return [];
    const files = fs.readdirSync(dir).filter((file) => file.endsWith('.eml'));
    const parsed = await Promise.all(files.map((file) => simpleParser(fs.readFileSync(path.join(dir, file)))));
    return parsed.filter((message) => message.to && JSON.stringify(message.to).includes(address));
  }

  async function download(page: Page, link: ReturnType<Page['getByRole']>): Promise<{ name: string; file: string }> {
    const [event] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = path.join(downloads, event.suggestedFilename());
    await event.saveAs(file);
    return { name: event.suggestedFilename(), file };
  }

  it('Flow A, then "Fatture" lists the invoice; its XML validates and its PDF names the order and the total', async () => {
    const page = await logIn(DEMO_MARIO.email);
    await page.getByRole('link', { name: 'Fatture', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Fatture' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('Non hai ancora fatture.');
    await page.goto(`${system.urls.area}/`);

    // Flow A: Gestisci → Paga → Carta di Credito → Paga Subito → the order → the saved card 4444.
    await page
      .getByRole('row')
      .filter({ hasText: 'mario.rossi@pec.example.it' })
      .getByRole('link', { name: 'Gestisci' })
      .click();
    const awaiting = page.getByRole('row').filter({ hasText: 'Attesa pagamento' });
    const number = (await awaiting.textContent())?.match(/ORD-\d{4}-\d{6}/)?.[0];
    if (!number) throw new Error('no order awaiting payment');
    await awaiting.getByRole('link', { name: 'Paga', exact: true }).click();
    await page.getByRole('button', { name: 'Paga Subito' }).click();
    await page.getByLabel("Numero d'ordine").fill(number);
    await page.getByRole('button', { name: 'Procedi' }).click();
    expect(await page.getByLabel(/•••• 4444/).isChecked()).toBe(true);
    await page.getByRole('button', { name: /^Procedi al pagamento di 35,38\s€$/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Pagamento completato' }).waitFor();
    await page.getByRole('link', { name: "Torna all'Area Clienti" }).first().click();

    await page.getByRole('link', { name: 'Fatture', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Fatture' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: number });
    const cells = (await row.textContent()) ?? '';
    const order = await system.merchantDb
      .selectFrom('orders')
      .selectAll()
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
    const invoice = await system.merchantDb
      .selectFrom('fiscal_documents')
      .selectAll()
      .where('order_id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(cells).toContain(invoice.number);
    expect(cells).toContain('Fattura');
    expect(cells).toContain(italian.date(invoice.issue_date));
    expect(cells).toContain(italian.money(3538));
    // The system's worker sends it to the sandbox SdI in the background: waiting or sent, by the time it is read.
    expect(cells).toMatch(/In attesa|Inviata/u);
    expect(await row.getByRole('link').allTextContents()).toEqual(['PDF', 'XML']);

    const xml = await download(page, row.getByRole('link', { name: /XML/ }));
    expect(xml.name).toBe(fatturaPaFileName(documentOf(invoice)));
    const xmlText = fs.readFileSync(xml.file, 'utf8');
    expect(await validateFatturaPa(xmlText)).toEqual({ valid: true });
    expect(xmlText).toContain(`<Numero>${invoice.number}</Numero>`);

    const pdf = await download(page, row.getByRole('link', { name: /PDF/ }));
    expect(pdf.name).toBe(`${invoice.number.replaceAll('/', '-')}.pdf`);
    const pdfText = execFileSync('/usr/bin/pdftotext', ['-layout', pdf.file, '-'], { encoding: 'utf8' });
    expect(pdfText).toContain(number);
    expect(pdfText.replace(/\s+/gu, ' ')).toMatch(/35,38/u);

    // The payment confirmation, as the built-in inbox received it over SMTP, carries the same PDF.
    let confirmation: Awaited<ReturnType<typeof receivedBy>>[number] | undefined;
    await expect
      .poll(
        async () => {
          confirmation = (await receivedBy(DEMO_MARIO.email)).find(
            (m) => m.subject?.startsWith('Pagamento ricevuto') && m.subject.includes(number),
          );
          return confirmation !== undefined;
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    expect(confirmation?.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [`Fattura ${invoice.number.replaceAll('/', '-')}.pdf`, 'application/pdf'],
    ]);
    expect(confirmation?.attachments[0]?.content.equals(fs.readFileSync(pdf.file))).toBe(true);

    // Giulia, signed in, asks for Mario's invoice by its address: it does not exist for her.
    const giulia = await logIn(DEMO_GIULIA.email);
    for (const format of ['pdf', 'xml']) {
      const response = await giulia.request.get(`${system.urls.area}/fatture/${invoice.id}/${format}`);
      expect(response.status()).toBe(404);
    }
    const own = await page.request.get(`${system.urls.area}/fatture/${invoice.id}/pdf`);
    expect(own.status()).toBe(200);

    expect(await axeViolations(page)).toEqual([]);
    await giulia.context().close();
    await page.context().close();
  });

  it('"Fatture" passes axe (WCAG 2 AA) and fits a phone', async () => {
    const page = await logIn(DEMO_MARIO.email, PHONE_VIEWPORT);
    await page.goto(`${system.urls.area}/fatture`);
    await page.getByRole('heading', { level: 1, name: 'Fatture' }).waitFor();
    expect(await page.getByRole('link', { name: 'PDF' }).count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toEqual([]);
    await page.context().close();
  });
});
