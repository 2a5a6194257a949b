import { describe, expect, it } from 'vitest';
import { labelNamesProduct, serviceName } from './service-name.ts';

describe('naming a service by product and label', () => {
  it('does not repeat the product when the label already starts with it (the SPID demo service)', () => {
    expect(serviceName('SPID', 'SPID - Mario Rossi (RSSMRA80A01H501U)')).toBe('SPID - Mario Rossi (RSSMRA80A01H501U)');
    expect(serviceName('Fatturazione Elettronica PA', 'Fatturazione PA - P.IVA 01234567890')).toBe(
      'Fatturazione PA - P.IVA 01234567890',
    );
    expect(serviceName('Firma Digitale', 'Firma Digitale Remota - Mario Rossi')).toBe(
      'Firma Digitale Remota - Mario Rossi',
    );
    expect(serviceName('Conservazione Digitale', 'conservazione documenti - Studio Rossi')).toBe(
      'conservazione documenti - Studio Rossi',
    );
  });

  it('keeps the product in front of a label that does not name it', () => {
    expect(serviceName('PEC', 'mario.rossi@pec.example.it')).toBe('PEC mario.rossi@pec.example.it');
    expect(serviceName('Marca Temporale', 'Marche temporali - 100 marche', ' — ')).toBe(
      'Marca Temporale — Marche temporali - 100 marche',
    );
    // A word that only begins like the product is another word.
    expect(labelNamesProduct('SPID', 'SPIDER web')).toBe(false);
    expect(labelNamesProduct('PEC', '')).toBe(false);
  });
});
