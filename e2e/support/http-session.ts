/**
 * Test support: a browser without a browser, for tests that drive a real server process over HTTP — cookies kept per
 * origin, redirects followed (or not), the last page's CSRF token at hand. Only what the crash tests need.
 */
export interface Page {
  status: number;
  url: string;
  body: string;
  location: string | null;
}

export class HttpSession {
  private readonly cookies = new Map<string, Map<string, string>>();
  last: Page | undefined;

  async get(url: string, options: { follow?: boolean; signal?: AbortSignal } = {}): Promise<Page> {
    return this.request('GET', url, undefined, options);
  }

  /** Posts a form; `_csrf` is taken from the last page unless given. */
  async post(url: string, form: Record<string, string>, options: { follow?: boolean } = {}): Promise<Page> {
    const csrf = /name="_csrf" value="([^"]+)"/.exec(this.last?.body ?? '')?.[1];
    return this.request(
      'POST',
      url,
      new URLSearchParams({ ...(csrf ? { _csrf: csrf } : {}), ...form }).toString(),
      options,
    );
  }

  /** Another tab of the same browser: the same cookies (so the same signed-in session), its own last page. */
  fork(): HttpSession {
    const tab = new HttpSession();
    for (const [origin, jar] of this.cookies) tab.cookies.set(origin, new Map(jar));
    return tab;
  }

  /** The Cookie header this browser sends to an origin (for a load generator that replays its session). */
  cookieHeader(origin: string): string {
    return [...(this.cookies.get(new URL(origin).origin) ?? [])].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async logIn(areaUrl: string, email: string, password: string): Promise<void> {
    await this.get(`${areaUrl}/login`);
    const page = await this.post(`${areaUrl}/login`, { email, password }, { follow: false });
    if (page.status !== 303) throw new Error(`login answered ${page.status}`);
  }

  private async request(
    method: string,
    start: string,
    body: string | undefined,
    options: { follow?: boolean; signal?: AbortSignal },
  ): Promise<Page> {
    let url = new URL(start);
    let payload = body;
    for (let hops = 0; hops < 15; hops++) {
      const jar = this.cookies.get(url.origin) ?? new Map<string, string>();
      const headers: Record<string, string> = { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') };
      if (payload !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
      const response = await fetch(url, {
        method: payload !== undefined ? method : 'GET',
        headers,
        body: payload ?? null,
        redirect: 'manual',
        ...(options.signal ? { signal: options.signal } : {}),
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const eq = (pair as string).indexOf('=');
        const name = (pair as string).slice(0, eq);
        const value = (pair as string).slice(eq + 1);
        if (value === '' || /max-age=0/i.test(line)) jar.delete(name);
        else jar.set(name, value);
      }
      this.cookies.set(url.origin, jar);
      const location = response.headers.get('location');
      const page = { status: response.status, url: url.toString(), body: await response.text(), location };
      if (response.status >= 300 && response.status < 400 && location && options.follow !== false) {
        url = new URL(location, url);
        payload = undefined;
        continue;
      }
      this.last = page;
      return page;
    }
    throw new Error('too many redirects');
  }
}
