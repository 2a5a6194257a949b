import { describe, expect, it as test } from 'vitest';
import { i18nFor, isLocale } from './i18n.ts';
import { en } from './messages-en.ts';
import { it } from './messages-it.ts';

describe('i18n', () => {
  test('has the same keys in both languages and no empty message', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(it).sort());
    for (const message of [...Object.values(it), ...Object.values(en)]) expect(message.trim()).not.toBe('');
  });

  test("keeps the provider's Italian labels word for word", () => {
    const t = i18nFor('it').t;
    expect([
      t('services.manage'),
      t('orders.pay'),
      t('order.state.awaiting_payment'),
      t('order.state.paid'),
      t('order.state.cancelled'),
    ]).toEqual(['Gestisci', 'Paga', 'Attesa pagamento', 'Pagato', 'Annullato']);
    expect(t('login.submit')).toBe('Accedi');
    expect(t('layout.logout')).toBe('Esci');
  });

  test('fills placeholders and leaves unknown ones visible', () => {
    expect(i18nFor('en').t('order.title', { number: 'ORD-2026-000001' })).toBe('Order ORD-2026-000001');
    expect(i18nFor('it').t('order.title')).toBe('Ordine {number}');
  });

  test('formats dates and money per language', () => {
    expect(i18nFor('it').date('2026-03-05')).toBe('05/03/2026');
    expect(i18nFor('en').date('2026-03-05')).toBe('5 Mar 2026');
    // 23:30 UTC on 31 December is already 1 January in Italy.
    expect(i18nFor('it').dateOf(new Date('2026-12-31T23:30:00Z'))).toBe('01/01/2027');
    expect(i18nFor('it').money(3538)).toMatch(/^35,38\s€$/);
    expect(i18nFor('en').money(3538)).toBe('€35.38');
  });

  test('knows its locales', () => {
    expect(isLocale('en')).toBe(true);
    expect(isLocale('fr')).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });
});
