import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { FAVICON_PATH } from '../../shared/html/favicon.ts';
import {
  callApi,
  createTestMerchant,
  sessionRequest,
  startTestBank,
  type TestBank,
  type TestMerchant,
} from '../testing/bank-test-kit.ts';
import { HostedClient } from '../testing/hosted-client.ts';

/** The bank-app wait over real HTTP: its status endpoint, its script and CSP, and the step it shows. */
describe.each(testDatabaseKinds())('the bank-app approval wait on %s', (kind) => {
  let bank: TestBank;
  let merchant: TestMerchant;

  beforeAll(async () => {
    bank = await startTestBank(kind);
    merchant = await createTestMerchant(bank);
  });
  afterAll(async () => {
    await bank?.close();
  });

  /** A 3220 payment up to the wait page, in its own browser. */
  async function waitingForApp(overrides: Record<string, unknown> = {}) {
    const created = await callApi(bank, merchant, 'POST', '/payment-sessions', {
      body: sessionRequest(merchant, overrides),
    });
    const id: string = created.body.id;
    const customer = new HostedClient(bank);
    await customer.enterCardAndSubmit(created.body.redirect_url, { number: '4000000000003220' });
    const approvals = (await (await fetch(`${bank.baseUrl}/app.json`)).json()) as {
      payment_session_id: string;
      approve_url: string;
      deny_url: string;
    }[];
    const approval = approvals.find((a) => a.payment_session_id === id)!;
    return { id, customer, approval };
  }

  const answer = (url: string) => fetch(`${bank.baseUrl}${url}`, { method: 'POST', redirect: 'manual' });

  it('keeps the 2-second refresh for browsers without JavaScript, and loads its script under a CSP that allows only it', async () => {
    const { id, customer } = await waitingForApp();
    expect(customer.lastUrl).toBe(`${bank.baseUrl}/pay/${id}/challenge`);
    expect(customer.lastHtml).toContain('<noscript><meta http-equiv="refresh" content="2"></noscript>');
    expect(customer.lastHtml).toContain('<script src="/assets/app-wait.js" defer></script>');
    expect(customer.lastHtml).toContain(`data-status-url="/pay/${id}/status"`);
    expect(customer.lastHtml).toMatch(/<p class="waiting" role="status" id="approval-status"/);
    const csp = customer.lastHeaders.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("form-action 'self';");
    expect(csp).not.toContain('unsafe-inline');
    // No inline script: the only script is the file.
    expect(customer.lastHtml.match(/<script/g)).toHaveLength(1);
    const script = await fetch(`${bank.baseUrl}/assets/app-wait.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect(await script.text()).toContain('approval-status');
    // The favicon the bank's pages link, from the bank itself, cached for long (unlike the pages: no-store).
    expect(customer.lastHtml).toContain(`<link rel="icon" href="${FAVICON_PATH}" type="image/svg+xml">`);
    const icon = await fetch(`${bank.baseUrl}${FAVICON_PATH}`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('the status endpoint says "waiting" until the app answers, then where to go and what to announce', async () => {
    const { id, customer, approval } = await waitingForApp();
    await customer.get(`/pay/${id}/status`);
    expect(customer.lastStatus).toBe(200);
    expect(customer.lastHeaders.get('content-type')).toContain('application/json');
    expect(customer.lastHeaders.get('cache-control')).toBe('no-store');
    expect(JSON.parse(customer.lastHtml)).toEqual({ state: 'waiting' });
    await answer(approval.approve_url);
    await customer.get(`/pay/${id}/status`);
    expect(JSON.parse(customer.lastHtml)).toEqual({
      state: 'moved',
      next: `/pay/${id}/result`,
      message: expect.stringMatching(/^Pagamento autorizzato\. Hai pagato/),
    });
    expect((await callApi(bank, merchant, 'GET', `/payment-sessions/${id}`)).body.status).toBe('captured');
  });

  it('announces a denial in the session’s language', async () => {
    const { id, customer, approval } = await waitingForApp({ locale: 'en' });
    await answer(approval.deny_url);
    await customer.get(`/pay/${id}/status`);
    expect(JSON.parse(customer.lastHtml)).toMatchObject({
      state: 'moved',
      next: `/pay/${id}/result`,
      message: expect.stringMatching(/^Payment failed\./),
    });
  });

  it('answers only the browser the payment belongs to', async () => {
    const { id } = await waitingForApp();
    const response = await fetch(`${bank.baseUrl}/pay/${id}/status`);
    expect(response.status).toBe(403);
    const unknown = await fetch(`${bank.baseUrl}/pay/ps_00000000000000000000000000000000/status`);
    expect(unknown.status).toBe(404);
  });

  it('shows the step indicator with the current step on each page, and "Invio dati" with the amount beside it', async () => {
    const created = await callApi(bank, merchant, 'POST', '/payment-sessions', { body: sessionRequest(merchant) });
    const id: string = created.body.id;
    const customer = new HostedClient(bank);
    const current = () =>
      /<li class="step step-current" aria-current="step">([^<]+)<\/li>/.exec(customer.lastHtml)?.[1];
    await customer.get(created.body.redirect_url);
    expect(customer.lastHtml).toContain(
      '<nav class="steps" aria-label="Passaggi del pagamento"><ol class="steps-list">',
    );
    expect(current()).toBe('Carta');
    expect(customer.lastHtml.match(/aria-current="step"/g)).toHaveLength(1);
    expect(customer.lastHtml).toContain('<li class="step step-done">Metodo</li><li class="step step-done">Ordine</li>');
    // The accepted brands: decorative marks beside their names.
    expect(customer.lastHtml).toContain('Carte accettate');
    expect(customer.lastHtml).toMatch(/<svg class="card-mark card-mark-visa"[^>]*aria-hidden="true"[^>]*>/);
    await customer.post(`/pay/${id}/card`, {
      holder: 'Mario Rossi',
      number: '4242 4242 4242 4242',
      expiry: '12/34',
      cvv: '123',
    });
    expect(current()).toBe('Carta');
    expect(customer.lastHtml).toMatch(
      /<button type="submit">Invio dati<\/button><span class="submit-amount">Importo: <strong>48,80\s€<\/strong><\/span>/,
    );
    expect(customer.lastHtml).toContain('card-mark-visa');
    await customer.post(`/pay/${id}/submit`, {});
    expect(current()).toBe('Autorizzazione');
    await customer.post(`/pay/${id}/cancel`, {});
    expect(current()).toBe('Esito');
  });
});
