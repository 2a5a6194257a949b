import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningInbox, startInbox } from './inbox.ts';

const logger = pino({ level: 'silent' });

describe('built-in mail inbox', () => {
  let dataDir: string;
  let inbox: RunningInbox;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cassa-inbox-'));
    inbox = await startInbox({ dataDir, host: '127.0.0.1', smtpPort: 0, webPort: 0, logger });
  });
  afterAll(async () => {
    await inbox?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const send = (subject: string, extra: Partial<SendMailOptions> = {}) => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: inbox.smtpPort, secure: false });
    return transport
      .sendMail({
        from: 'Cassa <noreply@cassa.local>',
        to: 'mario.rossi@example.com',
        subject,
        text: `text of ${subject}`,
        html: `<p lang="it">html of <b>${subject}</b></p>`,
        ...extra,
      })
      .finally(() => transport.close());
  };
  const api = (method: 'GET' | 'DELETE' = 'GET') => fetch(`${inbox.webUrl}/api/messages`, { method });

  it('receives mail over SMTP and lists it newest first in the JSON API', async () => {
    await api('DELETE');
    await send('Primo — ordine ORD-2026-000001', { messageId: '<first@cassa.local>' });
    await send('Secondo', { to: ['a@example.com', 'b@example.com'] });
    const res = await api();
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const messages = (await res.json()) as Array<Record<string, unknown>>;
    expect(messages.map((m) => m.subject)).toEqual(['Secondo', 'Primo — ordine ORD-2026-000001']);
    expect(messages[0]).toMatchObject({ from: 'Cassa <noreply@cassa.local>', to: ['a@example.com', 'b@example.com'] });
    expect(messages[1]).toMatchObject({
      to: ['mario.rossi@example.com'],
      text: 'text of Primo — ordine ORD-2026-000001',
      html: '<p lang="it">html of <b>Primo — ordine ORD-2026-000001</b></p>',
      messageId: '<first@cassa.local>',
    });
    expect(Object.keys(messages[1]!)).toEqual(
      expect.arrayContaining(['id', 'from', 'to', 'subject', 'date', 'text', 'html']),
    );
    expect(Number.isNaN(Date.parse(String(messages[1]!.date)))).toBe(false);
  });

  it('keeps one copy of a message delivered twice (same Message-ID), counting the deliveries', async () => {
    await api('DELETE');
    await send('Conferma di pagamento', { messageId: '<again@cassa.local>' });
    await send('Conferma di pagamento', { messageId: '<again@cassa.local>' });
    await send('Conferma di pagamento', { messageId: '<other@cassa.local>' });
    const messages = (await (await api()).json()) as Array<{ messageId: string; deliveries: number }>;
    expect(messages.map((m) => [m.messageId, m.deliveries])).toEqual([
      ['<other@cassa.local>', 1],
      ['<again@cassa.local>', 2],
    ]);
    const page = await (await fetch(inbox.webUrl)).text();
    expect(page).toContain('(delivered 2 times, same Message-ID)');
    expect(fs.readdirSync(path.join(dataDir, 'inbox')).filter((f) => f.endsWith('.eml'))).toHaveLength(2);
  });

  it('keeps messages in DATA_DIR across a restart, raw and parsed', async () => {
    await api('DELETE');
    await send('Persistente');
    const files = fs.readdirSync(path.join(dataDir, 'inbox'));
    expect(files.filter((f) => f.endsWith('.eml'))).toHaveLength(1);
    // A lost index entry is rebuilt from the raw message.
    fs.rmSync(path.join(dataDir, 'inbox', files.find((f) => f.endsWith('.json'))!));
    await inbox.stop();
    inbox = await startInbox({ dataDir, host: '127.0.0.1', smtpPort: 0, webPort: 0, logger });
    const messages = (await (await api()).json()) as Array<{ subject: string; text: string }>;
    expect(messages).toMatchObject([{ subject: 'Persistente', text: 'text of Persistente' }]);
  });

  it('deletes every message with DELETE /api/messages', async () => {
    await send('Da cancellare');
    expect(((await (await api()).json()) as unknown[]).length).toBeGreaterThan(0);
    expect(await (await api('DELETE')).json()).toMatchObject({ deleted: expect.any(Number) });
    expect(await (await api()).json()).toEqual([]);
    expect(fs.readdirSync(path.join(dataDir, 'inbox')).filter((f) => f.endsWith('.eml'))).toEqual([]);
  });

  it("serves a message's HTML only under a sandboxing CSP, and the raw source as it arrived", async () => {
    await api('DELETE');
    await send('Con script', { html: '<p>ciao</p><script>alert(1)</script>', headers: { 'X-Test': 'yes' } });
    const [message] = (await (await api()).json()) as Array<{ id: string }>;
    const html = await fetch(`${inbox.webUrl}/messages/${message!.id}/html`);
    expect(html.headers.get('content-security-policy')).toMatch(/default-src 'none'.*sandbox$/);
    expect(html.headers.get('content-security-policy')).not.toMatch(/script-src/);
    const page = await (await fetch(`${inbox.webUrl}/messages/${message!.id}`)).text();
    expect(page).toContain(`<iframe title="HTML view" sandbox="" src="/messages/${message!.id}/html">`);
    expect(page).toContain('X-Test');
    expect(page).not.toContain('<script>');
    const raw = await fetch(`${inbox.webUrl}/messages/${message!.id}/raw`);
    expect(raw.headers.get('content-type')).toMatch(/message\/rfc822/);
    expect(await raw.text()).toMatch(/^X-Test: yes$/m);
    expect((await fetch(`${inbox.webUrl}/messages/nope`)).status).toBe(404);
  });

  it('refuses mail while its SMTP side is stopped and takes it again once restarted; /healthz says which', async () => {
    await api('DELETE');
    const health = () => fetch(`${inbox.webUrl}/healthz`);
    expect(await (await health()).json()).toEqual({ status: 'ok' });
    await inbox.stopSmtp();
    expect((await health()).status).toBe(503);
    await expect(send('Mentre è fermo')).rejects.toThrow(/ECONNREFUSED/);
    await inbox.startSmtp();
    expect((await health()).status).toBe(200);
    await send('Dopo il riavvio');
    expect(((await (await api()).json()) as Array<{ subject: string }>).map((m) => m.subject)).toEqual([
      'Dopo il riavvio',
    ]);
  });

  it('refuses to be emptied by a form on another site', async () => {
    await send('Resta');
    const post = (site: string) =>
      fetch(`${inbox.webUrl}/clear`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': site },
        body: '',
        redirect: 'manual',
      });
    expect((await post('cross-site')).status).toBe(403);
    expect(((await (await api()).json()) as unknown[]).length).toBeGreaterThan(0);
    expect((await post('same-origin')).status).toBe(303);
    expect(await (await api()).json()).toEqual([]);
  });
});

describe('built-in mail inbox in a public demo', () => {
  const token = 'public-demo-sandbox-token-0123';
  let dataDir: string;
  let inbox: RunningInbox;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cassa-inbox-'));
    inbox = await startInbox({ dataDir, host: '127.0.0.1', smtpPort: 0, webPort: 0, logger, accessToken: token });
  });
  afterAll(async () => {
    await inbox?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows no email without the sandbox access token (401), but answers its health check', async () => {
    for (const page of ['/', '/api/messages', '/messages/x', '/inbox.css']) {
      const response = await fetch(`${inbox.webUrl}${page}`, { redirect: 'manual' });
      expect(response.status, page).toBe(401);
    }
    expect((await fetch(`${inbox.webUrl}/healthz`)).status).toBe(200);
    const allowed = await fetch(`${inbox.webUrl}/`, { headers: { authorization: `Bearer ${token}` } });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain('Ambiente di prova');
  });
});
