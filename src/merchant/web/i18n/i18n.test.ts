import { describe, expect, it as test } from 'vitest';
import { i18nFor, isLocale } from './i18n.ts';
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

  test('knows its locales', () => {
    expect(isLocale('en')).toBe(true);
    expect(isLocale('fr')).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });
});
