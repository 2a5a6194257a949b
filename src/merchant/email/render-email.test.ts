import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { LOCALES } from '../web/i18n/i18n.ts';
import { EMAIL_DICTIONARIES, MissingEmailTextError } from './email-i18n.ts';
import { EMAIL_PALETTE, EMAIL_TEXT_PAIRS } from './email-layout.tsx';
import { allEmailSamples, EMAIL_SAMPLES } from './email-samples.ts';
import { emailTextsIt } from './email-texts-it.ts';
import { EMAIL_TEMPLATES, emailSettingsFrom, renderEmail } from './render-email.ts';

const settings = emailSettingsFrom(
  loadConfig({ PUBLIC_AREA_URL: 'https://area.example.it', PUBLIC_PAY_URL: 'https://pagamenti.example.it' }),
);
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

const NOT_TO_A_CUSTOMER = new Set<string>(['support_request', 'webhook_endpoint_disabled']);

describe('email texts', () => {
  it('has every Italian text in English, non-empty, with the same placeholders', () => {
    const en = EMAIL_DICTIONARIES.en as Record<string, string>;
    expect(Object.keys(en).sort()).toEqual(Object.keys(emailTextsIt).sort());
    for (const [key, italian] of Object.entries(emailTextsIt)) {
      expect(en[key], key).toBeTruthy();
      expect(placeholders(en[key]!), key).toEqual(placeholders(italian));
    }
  });

  describe('a missing translation', () => {
    const en = EMAIL_DICTIONARIES.en as Record<string, string>;
    const saved = en['payment.heading']!;
    afterEach(() => {
      en['payment.heading'] = saved;
    });
    it('stops the email from rendering rather than sending a blank', () => {
      delete en['payment.heading'];
      const sample = EMAIL_SAMPLES.payment_confirmation[0]!;
      expect(() => renderEmail(sample.template, sample.data, 'en', settings)).toThrow(MissingEmailTextError);
      expect(() => renderEmail(sample.template, sample.data, 'it', settings)).not.toThrow();
    });
  });
});

describe('every email template', () => {
  it('has a sample, so that previews and these tests cover it', () => {
    for (const template of EMAIL_TEMPLATES) expect(EMAIL_SAMPLES[template].length, template).toBeGreaterThan(0);
  });

  describe.each(LOCALES)('in %s', (locale) => {
    it.each(allEmailSamples().map((s) => [s.name, s] as const))('renders %s completely', (_name, sample) => {
      const email = renderEmail(sample.template, sample.data, locale, settings);
      for (const part of [email.subject, email.html, email.text]) {
        expect(part).not.toMatch(/\{\w+\}/);
        expect(part).not.toMatch(/undefined|NaN|\[object/);
        // Only brand and last four: no run of digits that could be a card number.
        expect(part).not.toMatch(/\d{12,}/);
      }
      expect(email.html).toMatch(new RegExp(`^<!doctype html><html lang="${locale}"`));
      expect(email.html).not.toMatch(/<script|<link|<img|src="http|url\(/i);
      expect(email.html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
      for (const part of [email.html, email.text]) {
        expect(part).toContain('+39 0575 0504');
        expect(part).toContain('+39 0575 0500');
        expect(part).toContain(locale === 'it' ? 'Lun/Ven 08.30-18.00' : 'Mon-Fri 08:30-18:00');
        expect(part).toContain('https://area.example.it');
      }
      const named =
        'orderNumber' in sample.data ? sample.data.orderNumber : 'label' in sample.data ? sample.data.label : '';
      if (named) expect(email.subject).toContain(named);
    });
  });

  it('says "Pagamento ricevuto — ordine …" and "Payment received — order …"', () => {
    const { template, data } = EMAIL_SAMPLES.payment_confirmation[0]!;
    expect(renderEmail(template, data, 'it', settings).subject).toBe('Pagamento ricevuto — ordine ORD-2026-000123');
    const en = renderEmail(template, data, 'en', settings);
    expect(en.subject).toBe('Payment received — order ORD-2026-000123');
    expect(en.text).toContain('Total incl. VAT: €61.00');
    expect(en.text).toContain('Visa ending in 4242');
    const coded = renderEmail(template, { ...data, card: { brand: 'mastercard', last4: '4444' } }, 'it', settings);
    expect(coded.text).toContain('Carta: Mastercard che termina con 4444');
    expect(en.html).toContain('href="https://area.example.it/orders/ORD-2026-000123"');
    const it = renderEmail(template, data, 'it', settings);
    expect(it.text).toMatch(/Totale IVA inclusa: 61,00\s€/);
    expect(it.text).toContain('IVA: 11,00');
  });

  it('shows an instant in the business time zone and a calendar day as it is, whatever the zone', () => {
    const { template, data } = EMAIL_SAMPLES.payment_confirmation[0]!;
    const paidAt = { ...data, paidAt: '2026-12-31T23:30:00.000Z' };
    expect(settings.timeZone).toBe('Europe/Rome');
    expect(renderEmail(template, paidAt, 'it', settings).text).toMatch(/01\/01\/2027.*00:30/);
    const utc = { ...settings, timeZone: 'UTC' };
    expect(renderEmail(template, paidAt, 'it', utc).text).toMatch(/31\/12\/2026.*23:30/);
    const renewed = EMAIL_SAMPLES.renewal_succeeded[0]!;
    const newExpiry = { ...renewed.data, newExpiresOn: '2027-01-01' };
    for (const zone of [settings, utc, { ...settings, timeZone: 'America/Los_Angeles' }]) {
      expect(renderEmail(renewed.template, newExpiry, 'it', zone).text).toContain('01/01/2027');
    }
  });

  it('gives a failed renewal its reason in plain words and a direct "Paga" link', () => {
    const [soft, hard, sca] = EMAIL_SAMPLES.renewal_failed;
    const email = renderEmail(soft!.template, soft!.data, 'it', settings);
    expect(email.text).toContain('Motivo: la carta non ha fondi sufficienti.');
    expect(email.text).toContain('Paga: https://area.example.it/paga/ORD-2027-000141');
    expect(email.html).toMatch(/<a href="https:\/\/area\.example\.it\/paga\/ORD-2027-000141"[^>]*>Paga<\/a>/);
    expect(email.text).toContain('Riproveremo in automatico il 24/11/2027');
    expect(renderEmail(hard!.template, hard!.data, 'en', settings).text).toContain(
      'We will not charge this card again',
    );
    expect(renderEmail(sca!.template, sca!.data, 'en', settings).text).toContain('3-D Secure');
    const unknown = renderEmail(soft!.template, { ...soft!.data, declineCode: 'something_new' }, 'en', settings);
    expect(unknown.text).toContain('Reason: the bank refused the payment.');
  });

  it('tells how to switch automatic renewal off and when the next renewal is', () => {
    const { template, data } = EMAIL_SAMPLES.auto_renew_activated[0]!;
    const email = renderEmail(template, data, 'it', settings);
    expect(email.subject).toBe('Rinnovo automatico attivo — PEC mario.rossi@pec.example.it');
    expect(email.text).toContain('Prossimo rinnovo: 21/11/2027');
    expect(email.text).toContain('disattiva il rinnovo automatico');
    expect(email.text).toContain('https://area.example.it/services/7');
  });

  it('greets the customer by name ("Gentile Mario Rossi," / "Dear Mario Rossi,"), and "Gentile cliente," without one', () => {
    for (const sample of allEmailSamples()) {
      // Written to the provider's own teams (support, operations), not to a customer: they greet nobody.
      if (NOT_TO_A_CUSTOMER.has(sample.template)) continue;
      const it = renderEmail(sample.template, sample.data, 'it', settings, { name: 'Mario Rossi' });
      const en = renderEmail(sample.template, sample.data, 'en', settings, { name: 'Mario Rossi' });
      expect(it.text, sample.name).toContain('Gentile Mario Rossi,');
      expect(it.html, sample.name).toContain('Gentile Mario Rossi,');
      expect(en.text, sample.name).toContain('Dear Mario Rossi,');
      expect(renderEmail(sample.template, sample.data, 'it', settings).text, sample.name).toContain('Gentile cliente,');
    }
    const escaped = renderEmail('service_expiring', EMAIL_SAMPLES.service_expiring[0]!.data, 'it', settings, {
      name: '<Mario>',
    });
    expect(escaped.html).toContain('Gentile &lt;Mario&gt;,');
  });

  it('does not repeat the product in subjects when the label names it: the SPID demo service', () => {
    const spid = { subscriptionId: 8, productCode: 'spid', label: 'SPID - Mario Rossi (RSSMRA80A01H501U)' };
    for (const sample of allEmailSamples()) {
      if (!('productCode' in sample.data)) continue;
      const data = { ...sample.data, ...spid } as typeof sample.data;
      for (const locale of LOCALES) {
        const email = renderEmail(sample.template, data, locale, settings);
        expect(email.subject, `${sample.name} ${locale}`).toContain(spid.label);
        for (const part of [email.subject, email.text]) expect(part, sample.name).not.toMatch(/SPID\s+SPID/);
      }
    }
    const { template, data } = EMAIL_SAMPLES.auto_renew_activated[0]!;
    expect(renderEmail(template, { ...data, ...spid }, 'it', settings).subject).toBe(
      'Rinnovo automatico attivo — SPID - Mario Rossi (RSSMRA80A01H501U)',
    );
    // A PEC mailbox does not name its product: "PEC" stays in front.
    expect(renderEmail(template, data, 'en', settings).subject).toContain('PEC mario.rossi@pec.example.it');
  });

  it('never breaks an amount across lines: each is kept whole with a no-break space', () => {
    const { template, data } = EMAIL_SAMPLES.payment_confirmation[0]!;
    const { html } = renderEmail(template, data, 'it', settings);
    expect(html).toContain('<span style="white-space:nowrap;">61,00\u00a0€</span>');
    expect(html).toContain('<span style="white-space:nowrap;">40,00\u00a0€</span>');
    const en = renderEmail(template, data, 'en', settings).html;
    expect(en).toContain('<span style="white-space:nowrap;">€61.00</span>');
    // Every amount in the HTML is inside one.
    expect(html.replace(/<span style="white-space:nowrap;">[^<]*<\/span>/g, '')).not.toMatch(/\d,\d{2}\s?€/);
  });

  it("signs with the provider's name and paints the header in its colour", () => {
    const branded = emailSettingsFrom(loadConfig({ PROVIDER_NAME: 'Ruba Servizi', PROVIDER_COLOR: '#7a1f1f' }));
    const { template, data } = EMAIL_SAMPLES.payment_confirmation[0]!;
    const email = renderEmail(template, data, 'it', branded);
    expect(email.html).toContain('background:#7a1f1f;');
    expect(email.html).toContain('Email inviata da Ruba Servizi');
    expect(email.text.startsWith('Ruba Servizi\n')).toBe(true);
    expect(renderEmail(template, data, 'it', settings).html).toContain('Servizi Certificati Demo');
  });

  it('escapes what customers typed (service labels) in the HTML', () => {
    const { template, data } = EMAIL_SAMPLES.service_expiring[0]!;
    const email = renderEmail(template, { ...data, label: '<b>x</b> & "y"' }, 'en', settings);
    expect(email.html).toContain('&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;');
    expect(email.html).not.toContain('<b>x</b>');
  });
});

describe('email accessibility (focused checks; axe-core in Chromium runs in e2e/mail-accessibility.test.ts)', () => {
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const v = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a: string, b: string) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
    return (hi + 0.05) / (lo + 0.05);
  };

  it('keeps every text colour at 4.5:1 or more against its background', () => {
    for (const [fg, bg] of EMAIL_TEXT_PAIRS) {
      expect(contrast(EMAIL_PALETTE[fg], EMAIL_PALETTE[bg]), `${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('uses no colour outside the checked palette', () => {
    const palette = new Set<string>(Object.values(EMAIL_PALETTE));
    for (const sample of allEmailSamples()) {
      const { html } = renderEmail(sample.template, sample.data, 'it', settings);
      for (const [, colour] of html.matchAll(/(?:color|background):(#[0-9a-f]{6})/gi)) {
        expect(palette.has(colour!.toLowerCase()), `${sample.name}: ${colour}`).toBe(true);
      }
    }
  });
});
