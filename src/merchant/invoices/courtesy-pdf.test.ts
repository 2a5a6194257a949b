import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../shared/money.ts';
import { renderCourtesyPdf, winAnsi } from './courtesy-pdf.ts';
import {
  companyInvoice,
  creditNote,
  personInvoice,
  publicAdministrationInvoice,
} from './testing/fiscal-document-fixtures.ts';

/** The PDF's text as poppler's pdftotext reads it (Debian's poppler-utils), spaces and line breaks collapsed. */
function pdfText(pdf: Buffer): string {
  if (!existsSync('/usr/bin/pdftotext')) throw new Error('pdftotext is missing: apt-get install -y poppler-utils');
  const text = execFileSync('/usr/bin/pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf }).toString('utf8');
  return text.replace(/[\s\u00a0]+/gu, ' ');
}

/** formatMoney's text with its no-break spaces as pdfText collapses them. */
function money(cents: number, locale: 'it' | 'en'): string {
  return formatMoney(cents, locale).replace(/[\s\u00a0]+/gu, ' ');
}

describe('PDF courtesy copy', () => {
  it('in Italian: the provider, the customer, number, order, total, payment and the courtesy sentence', async () => {
    const pdf = await renderCourtesyPdf(personInvoice());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain('Cassa Servizi S.r.l.');
    expect(text).toContain('P.IVA IT01234567897');
    expect(text).toContain('REA RM-1234567');
    expect(text).toContain('Mario Rossi');
    expect(text).toContain('C.F. RSSMRA85T10A562S');
    expect(text).toContain('Fattura n. 2026/A/000123 del 03/12/2026');
    expect(text).toContain('Ordine C-2026-000042');
    expect(text).toContain('Hosting Pro — dicembre 2026');
    expect(text).toContain(`Totale documento ${money(4880, 'it')}`);
    expect(text).toContain('Riepilogo IVA');
    expect(text).toContain('Carta di pagamento (MP08) · Visa •••• 4242 · pagamento completo · pagato il 03/12/2026');
    expect(text).toContain("Copia di cortesia — l'originale è il documento elettronico trasmesso al SdI");
  });

  it('in English for an English-speaking customer, with the discounts and both VAT rates', async () => {
    const text = pdfText(await renderCourtesyPdf(companyInvoice()));
    expect(text).toContain('Invoice No. 2026/A/000124 of 3 December 2026');
    expect(text).toContain('Order C-2026-000043');
    expect(text).toContain('Bianchi & Figli S.n.c. di Giulia Bianchi');
    expect(text).toContain('VAT no. IT12345678903');
    expect(text).toContain('Recipient code ABC1234');
    expect(text).toContain('Server dedicato "Città" <annuale>');
    expect(text).toContain(money(24_000, 'en'));
    // pdftotext may read a right-aligned "4 %" without its narrow space.
    expect(text).toMatch(/€960\.00 22 ?% .* €29\.00 4 ?%/u);
    expect(text).toContain(`Document total ${money(120_136, 'en')}`);
    expect(text).toContain('Mastercard •••• 5100');
    expect(text).toContain('Courtesy copy — the original is the electronic document transmitted to the SdI');
    expect(text).not.toContain('Copia di cortesia');
  });

  it('a credit note names the invoice it corrects', async () => {
    const text = pdfText(await renderCourtesyPdf(creditNote()));
    expect(text).toContain('Nota di credito n. 2026/NC/000007 del 10/12/2026');
    expect(text).toContain('Storna la fattura n. 2026/A/000123 del 03/12/2026');
  });

  it('split payment shows the VAT the administration pays and the amount the card paid', async () => {
    const text = pdfText(await renderCourtesyPdf(publicAdministrationInvoice()));
    expect(text).toContain('Codice univoco ufficio UFY9MH');
    expect(text).toContain('scissione dei pagamenti');
    expect(text).toContain(`Importo pagato ${money(4000, 'it')}`);
  });

  it('a consumer without billing data yet gets their name and no empty fields', async () => {
    const consumer = personInvoice({
      customer: {
        kind: 'person',
        firstName: 'Mario',
        lastName: 'Rossi',
        taxCode: '',
        address: { street: '', postalCode: '', city: '', country: 'IT' },
        recipientCode: '0000000',
      },
    });
    const text = pdfText(await renderCourtesyPdf(consumer));
    expect(text).toContain('Cliente Mario Rossi Descrizione');
    expect(text).not.toContain('C.F. Descrizione');
  });

  it('many lines flow onto further pages', async () => {
    const base = personInvoice();
    const line = base.lines[0]!;
    const lines = Array.from({ length: 80 }, (_, i) => ({ ...line, number: i + 1, description: `Riga ${i + 1}` }));
    const pdf = await renderCourtesyPdf({ ...base, lines });
    const text = pdfText(pdf);
    expect(text).toContain('Riga 80');
    expect(text).toContain('Copia di cortesia');
    const pages = execFileSync('/usr/bin/pdfinfo', ['-'], { input: pdf }).toString('utf8');
    expect(pages).toMatch(/Pages:\s+[2-9]/u);
  });

  it('characters the built-in font cannot draw become "?", accents and the euro sign stay', () => {
    expect(winAnsi('Perché costa 10 € — sì')).toBe('Perché costa 10 € — sì');
    expect(winAnsi('e\u0301')).toBe('é');
    expect(winAnsi('Łódź 🙂')).toBe('?ód? ?');
  });
});
