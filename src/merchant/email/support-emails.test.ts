import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { EMAIL_SAMPLES } from './email-samples.ts';
import { emailSettingsFrom, renderEmail } from './render-email.ts';

const settings = emailSettingsFrom(loadConfig({ PUBLIC_AREA_URL: 'https://area.example.it' }));

describe('help and support emails', () => {
  it('sends support the customer, the topic, the order and the message, escaped', () => {
    const { template, data } = EMAIL_SAMPLES.support_request[0]!;
    const email = renderEmail(template, { ...data, message: 'Ordine <b>pagato</b> & "sparito"' }, 'it', settings);
    expect(email.subject).toBe(
      'Richiesta di assistenza n. 17 — Pagamenti e carte — Mario Rossi — ordine ORD-2026-000123',
    );
    expect(email.text).toContain('Cliente: Mario Rossi <mario.rossi@example.com>');
    expect(email.text).toContain('Numero ordine: ORD-2026-000123');
    expect(email.html).toContain('Ordine &lt;b&gt;pagato&lt;/b&gt; &amp; &quot;sparito&quot;');
    const none = renderEmail(template, { ...data, orderNumber: null }, 'it', settings);
    expect(none.subject).toBe('Richiesta di assistenza n. 17 — Pagamenti e carte — Mario Rossi');
    expect(none.text).toContain('Numero ordine: nessuno');
  });

  it('confirms to the customer in their language, repeating what they wrote', () => {
    const { template, data } = EMAIL_SAMPLES.support_request_received[0]!;
    const en = renderEmail(template, data, 'en', settings);
    expect(en.subject).toBe('We have received your support request no. 17');
    expect(en.text).toContain(data.message);
    expect(en.text).toContain('Topic: Payments and cards');
  });

  it('links the reset form with the token, and says it works 30 minutes, once', () => {
    const { template } = EMAIL_SAMPLES.password_reset[0]!;
    const email = renderEmail(template, { token: 'abc_DEF-123', validMinutes: 30 }, 'it', settings);
    expect(email.subject).toBe("Reimposta la password dell'Area Clienti");
    expect(email.text).toContain('Scegli una nuova password: https://area.example.it/nuova-password?token=abc_DEF-123');
    expect(email.html).toContain('href="https://area.example.it/nuova-password?token=abc_DEF-123"');
    expect(email.text).toContain('Il collegamento vale 30 minuti e si può usare una sola volta.');
    expect(renderEmail(template, { token: 't', validMinutes: 30 }, 'en', settings).text).toContain(
      'The link works for 30 minutes and can be used only once.',
    );
  });
});
