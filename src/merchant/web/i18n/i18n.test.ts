import { describe, expect, it as test } from 'vitest';
import { i18nFor, isLocale, localeFromAcceptLanguage } from './i18n.ts';
import { en } from './messages-en.ts';
import { it } from './messages-it.ts';

const ROME = 'Europe/Rome';

describe('i18n', () => {
  test('has the same keys in both languages and no empty message', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(it).sort());
    for (const message of [...Object.values(it), ...Object.values(en)]) expect(message.trim()).not.toBe('');
  });

  test("keeps the provider's Italian labels word for word", () => {
    const t = i18nFor('it', ROME).t;
    expect([
      t('services.manage'),
      t('orders.pay'),
      t('order.state.awaiting_payment'),
      t('order.state.paid'),
      t('order.state.cancelled'),
    ]).toEqual(['Gestisci', 'Paga', 'Attesa pagamento', 'Pagato', 'Annullato']);
    expect(t('login.submit')).toBe('Accedi');
    expect(t('layout.logout')).toBe('Esci');
    // Issue 10's discounts, as the acceptance checks read them.
    expect([t('nav.discounts'), t('discounts.title'), t('order.discountCode'), t('order.discountApply')]).toEqual([
      'Sconti',
      'Riepilogo degli sconti validi sui nostri servizi',
      'Codice sconto',
      'Applica',
    ]);
  });

  test('fills placeholders and leaves unknown ones visible', () => {
    expect(i18nFor('en', ROME).t('order.title', { number: 'ORD-2026-000001' })).toBe('Order ORD-2026-000001');
    expect(i18nFor('it', ROME).t('order.title')).toBe('Ordine {number}');
  });

  test('formats dates and money per language', () => {
    expect(i18nFor('it', ROME).date('2026-03-05')).toBe('05/03/2026');
    expect(i18nFor('en', ROME).date('2026-03-05')).toBe('5 Mar 2026');
    // 23:30 UTC on 31 December is already 1 January in Italy.
    expect(i18nFor('it', ROME).dateOf(new Date('2026-12-31T23:30:00Z'))).toBe('01/01/2027');
    // Another business time zone shows the same instant on its own day; a calendar day never moves.
    expect(i18nFor('it', 'America/New_York').dateOf(new Date('2027-01-01T03:00:00Z'))).toBe('31/12/2026');
    expect(i18nFor('it', 'America/New_York').date('2026-03-05')).toBe('05/03/2026');
    expect(i18nFor('it', 'Pacific/Kiritimati').date('2026-03-05')).toBe('05/03/2026');
    expect(i18nFor('it', ROME).money(3538)).toMatch(/^35,38\s€$/);
    expect(i18nFor('en', ROME).money(3538)).toBe('€35.38');
  });

  test('formats an instant to the second in the business time zone', () => {
    expect(i18nFor('it', ROME).dateTimeOf(new Date('2026-12-31T23:30:05Z'))).toBe('01/01/2027, 00:30:05');
    expect(i18nFor('en', ROME).dateTimeOf(new Date('2026-07-01T08:04:00Z'))).toBe('1 Jul 2026, 10:04:00');
  });

  test('reads the preferred language from Accept-Language by q-value', () => {
    expect(localeFromAcceptLanguage('en-US,en;q=0.9')).toBe('en');
    expect(localeFromAcceptLanguage('it-IT,it;q=0.9,en-US;q=0.8,en;q=0.7')).toBe('it');
    expect(localeFromAcceptLanguage('en;q=0.4, IT;q=0.6')).toBe('it');
    expect(localeFromAcceptLanguage('fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5')).toBe('en');
    expect(localeFromAcceptLanguage('en;q=0.5, it;q=0.5')).toBe('en'); // a tie: the first listed
    expect(localeFromAcceptLanguage('en;q=0')).toBeUndefined();
    expect(localeFromAcceptLanguage('en;q=abc, de')).toBeUndefined();
    expect(localeFromAcceptLanguage('*')).toBeUndefined();
    expect(localeFromAcceptLanguage('')).toBeUndefined();
    expect(localeFromAcceptLanguage(undefined)).toBeUndefined();
  });

  test('knows its locales', () => {
    expect(isLocale('en')).toBe(true);
    expect(isLocale('fr')).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });

  test("keeps the seed's words for feedback, contact and password reset", () => {
    const t = i18nFor('it', ROME).t;
    expect([t('feedback.title'), t('feedback.yes'), t('feedback.no')]).toEqual([
      'La tua opinione è importante per noi!',
      'Sì',
      'No',
    ]);
    expect(`${t('help.notFound')} ${t('help.contact')}${t('help.contactRest')}`).toBe(
      'Non hai trovato quello che cerchi? Contatta i nostri esperti, sono a tua disposizione.',
    );
    expect(t('login.forgot')).toBe('Password dimenticata?');
  });
});
