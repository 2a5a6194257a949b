import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/**
 * Test support: a browser-like client over `app.inject()`. It keeps cookies between requests and can read the CSRF
 * token of the last page, so tests exercise the same session and CSRF rules a browser goes through.
 */
export class TestClient {
  readonly cookies = new Map<string, string>();
  lastBody = '';

  constructor(
    private readonly app: FastifyInstance,
    private readonly remoteAddress = '127.0.0.1',
    /** Sent with every request, e.g. the X-Forwarded-For a reverse proxy adds. */
    private readonly extraHeaders: Record<string, string> = {},
  ) {}

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.record(
      await this.app.inject({ method: 'GET', url, headers: this.headers(), remoteAddress: this.remoteAddress }),
    );
  }

  /** Posts a form; `_csrf` is taken from the last page unless the form says otherwise (or sets it to undefined). */
  async post(url: string, form: Record<string, string | undefined>, options: { withCsrf?: boolean } = {}) {
    const fields: Record<string, string> = {};
    if (options.withCsrf !== false) {
      const token = this.csrfToken();
      if (token) fields._csrf = token;
    }
    for (const [name, value] of Object.entries(form)) if (value !== undefined) fields[name] = value;
    return this.record(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(fields).toString(),
        remoteAddress: this.remoteAddress,
      }),
    );
  }

  /** Opens the login page and submits it. */
  async logIn(email: string, password: string): Promise<LightMyRequestResponse> {
    await this.get('/login');
    return this.post('/login', { email, password });
  }

  csrfToken(): string | undefined {
    return /name="_csrf" value="([^"]+)"/.exec(this.lastBody)?.[1];
  }

  private headers(): Record<string, string> {
    if (this.cookies.size === 0) return { ...this.extraHeaders };
    return { ...this.extraHeaders, cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
  }

  private record(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const cookie of response.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired =
        cookie.maxAge === 0 || (cookie.expires && cookie.expires.getTime() < Date.now()) || cookie.value === '';
      if (expired) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    if (String(response.headers['content-type'] ?? '').startsWith('text/html')) this.lastBody = response.body;
    return response;
  }
}

/** The visible text of an HTML page, tags stripped and whitespace collapsed, for assertions on what a reader sees. */
export function pageText(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}
