import type { TestBank } from './bank-test-kit.ts';

/**
 * Test support: a browser without a browser. It follows the hosted pages over real HTTP with a cookie jar, so
 * integration tests can take a payment through card form, Riepilogo and 3-D Secure without Chromium.
 */
export class HostedClient {
  private cookies = new Map<string, string>();
  lastHtml = '';
  lastStatus = 0;
  lastUrl = '';
  lastHeaders = new Headers();

  constructor(private readonly bank: TestBank) {}

  async get(pathOrUrl: string): Promise<string> {
    return this.request('GET', pathOrUrl);
  }

  async post(path: string, form: Record<string, string>): Promise<string> {
    return this.request('POST', path, { csrf: this.csrf(), ...form });
  }

  /** The CSRF token of the page last shown. */
  csrf(): string {
    return /name="csrf" value="([0-9a-f]+)"/.exec(this.lastHtml)?.[1] ?? '';
  }

  private async request(method: string, pathOrUrl: string, form?: Record<string, string>): Promise<string> {
    let url = new URL(pathOrUrl, this.bank.baseUrl);
    let body: string | undefined = form ? new URLSearchParams(form).toString() : undefined;
    for (let hops = 0; hops < 10; hops++) {
      const headers: Record<string, string> = { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
      if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
      const response = await fetch(url, {
        method: body !== undefined ? method : 'GET',
        headers,
        body: body ?? null,
        redirect: 'manual',
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const eq = pair!.indexOf('=');
        this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
      }
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        const next = new URL(location, url);
        this.lastUrl = next.toString();
        // Leaving the bank (return_url): stop here, as a test has no shop to land on.
        if (next.origin !== new URL(this.bank.baseUrl).origin) return '';
        url = next;
        body = undefined;
        continue;
      }
      this.lastStatus = response.status;
      this.lastHeaders = response.headers;
      this.lastUrl = url.toString();
      this.lastHtml = await response.text();
      return this.lastHtml;
    }
    throw new Error('too many redirects');
  }

  /** Pays with a new card up to the page after "Invio dati". */
  async enterCardAndSubmit(
    redirectUrl: string,
    card: { number: string; expiry?: string; cvv?: string; holder?: string },
  ) {
    await this.get(redirectUrl);
    const sessionPath = new URL(redirectUrl).pathname;
    await this.post(`${sessionPath}/card`, {
      holder: card.holder ?? 'Mario Rossi',
      number: card.number,
      expiry: card.expiry ?? '12/34',
      cvv: card.cvv ?? '123',
    });
    if (!this.lastHtml.includes('Invio dati') && !this.lastHtml.includes('Submit')) return this.lastHtml;
    return this.post(`${sessionPath}/submit`, {});
  }
}

/** The newest code the sandbox phone received for a session. */
export async function otpFromSms(bank: TestBank, paymentSessionId: string): Promise<string> {
  const response = await fetch(`${bank.baseUrl}/sms.json`);
  const messages = (await response.json()) as { text: string; payment_session_id: string }[];
  const sms = messages.find((m) => m.payment_session_id === paymentSessionId);
  const code = sms ? /\b(\d{6})\b/.exec(sms.text)?.[1] : undefined;
  if (!code) throw new Error(`no SMS code for ${paymentSessionId}`);
  return code;
}
