import { describe, expect, it } from 'vitest';
import { validateFatturaPa } from './fatturapa-validate.ts';
import { buildFatturaPaXml, fatturaPaFileName, fatturaPaResendFileName } from './fatturapa-xml.ts';
import {
  companyInvoice,
  creditNote,
  personInvoice,
  provider,
  publicAdministrationInvoice,
} from './testing/fiscal-document-fixtures.ts';

/** The text of every element with that name, in document order. */
function texts(xml: string, element: string): string[] {
  return [...xml.matchAll(new RegExp(`<${element}>([^<]*)</${element}>`, 'gu'))].map((match) => match[1] ?? '');
}

async function expectValid(xml: string): Promise<void> {
  expect(await validateFatturaPa(xml)).toEqual({ valid: true });
}

describe('FatturaPA XML', () => {
  it("a private person's invoice is FPR12 to the fiscal drawer, and valid against the schema", async () => {
    const xml = buildFatturaPaXml(personInvoice());
    await expectValid(xml);
    expect(xml).toContain(
      '<p:FatturaElettronica xmlns:p="http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2" versione="FPR12"',
    );
    expect(texts(xml, 'FormatoTrasmissione')).toEqual(['FPR12']);
    expect(texts(xml, 'CodiceDestinatario')).toEqual(['0000000']);
    expect(xml).not.toContain('PECDestinatario');
    expect(texts(xml, 'IdCodice')).toEqual(['01234567897', '01234567897']);
    expect(texts(xml, 'ProgressivoInvio')).toEqual(['A26000123']);
    expect(texts(xml, 'CodiceFiscale')).toEqual(['01234567897', 'RSSMRA85T10A562S']);
    expect(texts(xml, 'Nome')).toEqual(['Mario']);
    expect(texts(xml, 'Cognome')).toEqual(['Rossi']);
    expect(texts(xml, 'TipoDocumento')).toEqual(['TD01']);
    expect(texts(xml, 'Numero')).toEqual(['2026/A/000123']);
    expect(texts(xml, 'Data')).toEqual(['2026-12-03']);
    expect(texts(xml, 'ImportoTotaleDocumento')).toEqual(['48.80']);
    expect(texts(xml, 'Causale')).toEqual(['Ordine C-2026-000042']);
    // The em dash of the description is outside Latin-1, which the schema's text types allow.
    expect(texts(xml, 'Descrizione')).toEqual(['Hosting Pro - dicembre 2026']);
    expect(texts(xml, 'AliquotaIVA')).toEqual(['22.00', '22.00']);
    expect(texts(xml, 'EsigibilitaIVA')).toEqual(['I']);
    expect(texts(xml, 'StatoLiquidazione')).toEqual(['LN']);
    expect(texts(xml, 'CapitaleSociale')).toEqual(['10000.00']);
    expect(texts(xml, 'CondizioniPagamento')).toEqual(['TP02']);
    expect(texts(xml, 'ModalitaPagamento')).toEqual(['MP08']);
    expect(texts(xml, 'DataScadenzaPagamento')).toEqual(['2026-12-03']);
    expect(texts(xml, 'ImportoPagamento')).toEqual(['48.80']);
  });

  it('a PEC goes with the code 0000000, and a codice destinatario wins over it', async () => {
    const base = personInvoice();
    const withPec = buildFatturaPaXml({
      ...base,
      customer: { ...base.customer, pec: 'mario.rossi@pec.example.it' } as typeof base.customer,
    });
    await expectValid(withPec);
    expect(texts(withPec, 'CodiceDestinatario')).toEqual(['0000000']);
    expect(texts(withPec, 'PECDestinatario')).toEqual(['mario.rossi@pec.example.it']);
    const withBoth = buildFatturaPaXml({
      ...base,
      customer: {
        ...base.customer,
        pec: 'mario.rossi@pec.example.it',
        recipientCode: 'ABC1234',
      } as typeof base.customer,
    });
    expect(texts(withBoth, 'CodiceDestinatario')).toEqual(['ABC1234']);
    expect(withBoth).not.toContain('PECDestinatario');
  });

  it('a company with a discounted line and two VAT rates: partita IVA, discounts, one summary row per rate', async () => {
    const xml = buildFatturaPaXml(companyInvoice());
    await expectValid(xml);
    expect(texts(xml, 'CodiceDestinatario')).toEqual(['ABC1234']);
    expect(texts(xml, 'IdCodice')).toEqual(['01234567897', '01234567897', '12345678903']);
    expect(texts(xml, 'Denominazione')).toEqual([
      'Cassa Servizi S.r.l.',
      'Bianchi &amp; Figli S.n.c. di Giulia Bianchi',
    ]);
    expect(texts(xml, 'Descrizione')).toEqual(['Server dedicato "Città" &lt;annuale&gt;', 'Manuale tecnico stampato']);
    expect(texts(xml, 'Quantita')).toEqual(['1.00', '3.00']);
    expect(texts(xml, 'PrezzoUnitario')).toEqual(['1200.00', '10.00']);
    expect(texts(xml, 'Tipo')).toEqual(['SC', 'SC']);
    // Per unit: 240.00 off one unit; 1.00 off three units is 0.33333333 each (the SdI tolerates the last cent).
    expect(texts(xml, 'Importo')).toEqual(['240.00', '0.33333333']);
    expect(texts(xml, 'PrezzoTotale')).toEqual(['960.00', '29.00']);
    expect(texts(xml, 'AliquotaIVA')).toEqual(['22.00', '4.00', '22.00', '4.00']);
    expect(texts(xml, 'ImponibileImporto')).toEqual(['960.00', '29.00']);
    expect(texts(xml, 'Imposta')).toEqual(['211.20', '1.16']);
    expect(texts(xml, 'ImportoTotaleDocumento')).toEqual(['1201.36']);
  });

  it('a public administration is FPA12 to its office code, with split payment in the summary', async () => {
    const xml = buildFatturaPaXml(publicAdministrationInvoice());
    await expectValid(xml);
    expect(xml).toContain('versione="FPA12"');
    expect(texts(xml, 'FormatoTrasmissione')).toEqual(['FPA12']);
    expect(texts(xml, 'CodiceDestinatario')).toEqual(['UFY9MH']);
    expect(texts(xml, 'CodiceFiscale')).toEqual(['01234567897', '80012345676']);
    expect(texts(xml, 'EsigibilitaIVA')).toEqual(['S']);
    expect(texts(xml, 'ImportoTotaleDocumento')).toEqual(['48.80']);
    expect(texts(xml, 'ImportoPagamento')).toEqual(['40.00']);
  });

  it('a credit note is TD04 and names the invoice it corrects', async () => {
    const xml = buildFatturaPaXml(creditNote());
    await expectValid(xml);
    expect(texts(xml, 'TipoDocumento')).toEqual(['TD04']);
    expect(texts(xml, 'Numero')).toEqual(['2026/NC/000007']);
    expect(xml).toMatch(
      /<DatiFattureCollegate>\s*<IdDocumento>2026\/A\/000123<\/IdDocumento>\s*<Data>2026-12-03<\/Data>\s*<\/DatiFattureCollegate>/u,
    );
    expect(texts(xml, 'Causale')).toEqual(['Storno della fattura 2026/A/000123 - ordine C-2026-000042']);
    expect(() => buildFatturaPaXml(creditNote({ relatedInvoice: undefined }))).toThrow(/which invoice/u);
  });

  it('a line without VAT carries its nature, and one without a nature is not built', async () => {
    const base = personInvoice();
    const exempt = {
      ...base,
      lines: base.lines.map((line) => ({ ...line, vatRateBp: 0, vatNature: 'N2.2' })),
      vatSummary: [
        { vatRateBp: 0, vatNature: 'N2.2', taxableCents: 4000, vatCents: 0, vatChargeability: 'I' as const },
      ],
      vatCents: 0,
      totalCents: 4000,
    };
    const xml = buildFatturaPaXml(exempt);
    await expectValid(xml);
    expect(texts(xml, 'AliquotaIVA')).toEqual(['0.00', '0.00']);
    expect(texts(xml, 'Natura')).toEqual(['N2.2', 'N2.2']);
    expect(() =>
      buildFatturaPaXml({ ...exempt, lines: exempt.lines.map((line) => ({ ...line, vatNature: undefined })) }),
    ).toThrow(/nature/u);
  });

  it('amounts are exact: 5 cents and 1 234 567 cents', async () => {
    const base = personInvoice();
    const line = base.lines[0]!;
    const xml = buildFatturaPaXml({
      ...base,
      lines: [
        { ...line, unitPriceCents: 5, netCents: 5 },
        { ...line, number: 2, unitPriceCents: 1_234_567, netCents: 1_234_567 },
      ],
      vatSummary: [{ vatRateBp: 2200, taxableCents: 1_234_572, vatCents: 271_606, vatChargeability: 'I' }],
      netCents: 1_234_572,
      vatCents: 271_606,
      totalCents: 1_506_178,
      payment: { ...base.payment, amountCents: 1_506_178 },
    });
    await expectValid(xml);
    expect(texts(xml, 'PrezzoTotale')).toEqual(['0.05', '12345.67']);
    expect(texts(xml, 'ImponibileImporto')).toEqual(['12345.72']);
    expect(texts(xml, 'Imposta')).toEqual(['2716.06']);
    expect(texts(xml, 'ImportoTotaleDocumento')).toEqual(['15061.78']);
  });

  it('long texts are cut to what the schema allows: Descrizione 1000, Causale 200 per element', async () => {
    const base = personInvoice();
    const xml = buildFatturaPaXml({
      ...base,
      orderNumber: `C-${'9'.repeat(300)}`,
      lines: base.lines.map((line) => ({ ...line, description: 'Servizio '.repeat(200) })),
    });
    await expectValid(xml);
    expect(texts(xml, 'Descrizione')[0]!.length).toBeLessThanOrEqual(1000);
    expect(texts(xml, 'Causale').map((piece) => piece.length)).toEqual([200, 109]);
  });

  it('a broken document is refused by the schema with a readable reason', async () => {
    const base = personInvoice();
    // A codice fiscale of ten characters, and a CAP of four digits.
    const xml = buildFatturaPaXml({
      ...base,
      customer: { ...base.customer, taxCode: 'RSSMRA85T1' } as typeof base.customer,
      provider: { ...provider, address: { ...provider.address, postalCode: '0018' } },
    });
    const result = await validateFatturaPa(xml);
    expect(result.valid).toBe(false);
    if (result.valid) return;
    expect(result.errors).toHaveLength(2);
    expect(result.errors[0]).toMatch(/^line \d+: Element 'CAP': \[facet 'pattern'\] The value '0018' is not accepted/u);
    expect(result.errors[1]).toMatch(/Element 'CodiceFiscale': \[facet 'pattern'\] The value 'RSSMRA85T1'/u);
  });

  it('a consumer invoiced before giving billing data (no codice fiscale, no address) is refused, naming the fields', async () => {
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
    const result = await validateFatturaPa(buildFatturaPaXml(consumer));
    expect(result.valid).toBe(false);
    if (result.valid) return;
    const errors = result.errors.join('\n');
    expect(errors).toMatch(/Element 'CodiceFiscale'/u);
    expect(errors).toMatch(/Element 'Indirizzo'/u);
    expect(errors).toMatch(/Element 'CAP'/u);
    expect(errors).toMatch(/Element 'Comune'/u);
  });

  it('a document without a required element is refused, naming the element expected', async () => {
    const xml = buildFatturaPaXml(personInvoice()).replace(/<RegimeFiscale>RF01<\/RegimeFiscale>/u, '');
    const result = await validateFatturaPa(xml);
    expect(result.valid).toBe(false);
    if (!result.valid)
      expect(result.errors.join('\n')).toMatch(
        /Element 'DatiAnagrafici': Missing child element\(s\)\. Expected is one of \(.*RegimeFiscale \)/u,
      );
  });

  it('text that is not XML at all is refused', async () => {
    const result = await validateFatturaPa('not xml');
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.errors.length).toBeGreaterThan(0);
  });
});

describe('FatturaPA file name', () => {
  it('is IT, the partita IVA and the series, year and number in five base-62 characters', () => {
    expect(fatturaPaFileName(personInvoice())).toBe('IT01234567897_Fpq7X.xml');
    expect(fatturaPaFileName(personInvoice({ transmissionId: 'A26000124' }))).toBe('IT01234567897_Fpq7Y.xml');
    expect(fatturaPaFileName(creditNote())).toBe('IT01234567897_Fu2Eh.xml');
    expect(fatturaPaFileName(personInvoice({ transmissionId: 'A00000001' }))).toBe('IT01234567897_00001.xml');
    expect(fatturaPaFileName(personInvoice({ transmissionId: 'NC99999999' }))).toMatch(
      /^IT01234567897_[A-Za-z0-9]{5}\.xml$/u,
    );
  });

  it('gives every document its own name: series, years and numbers never meet', () => {
    const names = new Set<string>();
    let count = 0;
    for (const series of ['A', 'NC']) {
      for (const year of ['00', '26', '27', '99']) {
        for (const number of [1, 2, 61, 62, 999_999]) {
          names.add(
            fatturaPaFileName(personInvoice({ transmissionId: `${series}${year}${String(number).padStart(6, '0')}` })),
          );
          count += 1;
        }
      }
    }
    expect(names.size).toBe(count);
  });

  it('refuses a ProgressivoInvio that is not a known series, year and number', () => {
    expect(() => fatturaPaFileName(personInvoice({ transmissionId: 'B26000001' }))).toThrow(/not a known series/u);
    expect(() => fatturaPaFileName(personInvoice({ transmissionId: '123' }))).toThrow(/not a known series/u);
  });
});

describe('the file name of a document sent again', () => {
  it('takes the names above every first file’s, each resend its own, up to the last that fits in five characters', () => {
    const names = [1, 2, 16_132_832].map((resend) => fatturaPaResendFileName(provider, resend));
    expect(names).toEqual(['IT01234567897_yuJ72.xml', 'IT01234567897_yuJ73.xml', 'IT01234567897_zzzzz.xml']);
    // The last first-file name: year 99, the ninth series, number 999 999.
    const lastFirst = (99 * 9 + 8) * 1_000_000 + 999_999;
    expect(lastFirst).toBeLessThan(900_000_000);
    expect(() => fatturaPaResendFileName(provider, 16_132_833)).toThrow(RangeError);
    expect(() => fatturaPaResendFileName(provider, 0)).toThrow(RangeError);
  });
});
