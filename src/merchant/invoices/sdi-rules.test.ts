import { describe, expect, it } from 'vitest';
import { buildFatturaPaXml, fatturaPaFileName } from './fatturapa-xml.ts';
import type { FiscalDocument } from './invoice-document.ts';
import { isItalianVatNumber, isTaxCode } from './sdi-identifiers.ts';
import { checkSdiFile, type SdiHistory } from './sdi-rules.ts';
import {
  companyInvoice,
  creditNote,
  personInvoice,
  provider,
  publicAdministrationInvoice,
} from './testing/fiscal-document-fixtures.ts';

const NOTHING_RECEIVED: SdiHistory = { fileNames: new Set(), invoiceKeys: new Set() };

function received(doc: FiscalDocument, edit: (xml: string) => string = (xml) => xml) {
  return { fileName: fatturaPaFileName(doc), xml: edit(buildFatturaPaXml(doc)), receivedOn: '2026-12-10' };
}

async function codes(file: ReturnType<typeof received>, history: SdiHistory = NOTHING_RECEIVED): Promise<string[]> {
  const verdict = await checkSdiFile(file, history);
  return verdict.accepted ? [] : verdict.errors.map((error) => error.code);
}

describe('sandbox SdI rules', () => {
  it('accepts the files Cassa builds, and says which invoices it now holds', async () => {
    for (const doc of [personInvoice(), companyInvoice(), publicAdministrationInvoice(), creditNote()]) {
      expect(await checkSdiFile(received(doc), NOTHING_RECEIVED)).toMatchObject({ accepted: true });
    }
    expect(await checkSdiFile(received(personInvoice()), NOTHING_RECEIVED)).toEqual({
      accepted: true,
      invoiceKeys: ['IT01234567897|TD01|2026|2026/A/000123'],
    });
  });

  it('00001: a file name outside the naming rule, or not the transmitter’s', async () => {
    const file = received(personInvoice());
    expect(await codes({ ...file, fileName: 'fattura.xml' })).toEqual(['00001']);
    expect(await codes({ ...file, fileName: 'IT01234567897_Fpq7X1.xml' })).toEqual(['00001']);
    expect(await codes({ ...file, fileName: 'IT12345678903_00001.xml' })).toEqual(['00001']);
  });

  it('00002: a file name already received', async () => {
    const file = received(personInvoice());
    expect(await codes(file, { ...NOTHING_RECEIVED, fileNames: new Set([file.fileName]) })).toEqual(['00002']);
  });

  it('00200: not conforming to the schema, with the reason; 00201 past fifty errors', async () => {
    const file = received(personInvoice(), (xml) => xml.replace('<CAP>20121</CAP>', '<CAP>2012</CAP>'));
    const verdict = await checkSdiFile(file, NOTHING_RECEIVED);
    expect(verdict).toMatchObject({ accepted: false, errors: [{ code: '00200' }] });
    if (!verdict.accepted) expect(verdict.errors[0]?.message).toMatch(/Element 'CAP'.*'2012'/u);
    const base = personInvoice();
    const many = { ...base, lines: Array.from({ length: 60 }, (_, i) => ({ ...base.lines[0]!, number: i + 1 })) };
    expect(
      await codes(
        received(many, (xml) => xml.replaceAll('<AliquotaIVA>22.00</AliquotaIVA>', '<AliquotaIVA>22</AliquotaIVA>')),
      ),
    ).toEqual(['00201']);
  });

  it('00300 and 00301: a provider partita IVA of ten digits passes the schema but not the SdI', async () => {
    const short = { ...provider, vatNumber: '0123456789', taxCode: '01234567897' };
    expect(await codes(received(personInvoice({ provider: short })))).toEqual(['00300', '00301']);
    const wrongCheckDigit = { ...provider, vatNumber: '01234567890' };
    expect(await codes(received(personInvoice({ provider: wrongCheckDigit })))).toEqual(['00300', '00301']);
  });

  it('00302, 00305, 00306: a wrong codice fiscale of the provider, partita IVA or codice fiscale of the customer', async () => {
    expect(await codes(received(personInvoice({ provider: { ...provider, taxCode: '01234567890' } })))).toEqual([
      '00302',
    ]);
    const company = companyInvoice();
    const wrongVat = { ...company.customer, vatNumber: '12345678900' } as FiscalDocument['customer'];
    expect(await codes(received({ ...company, customer: wrongVat }))).toEqual(['00305']);
    const person = personInvoice();
    const wrongCf = { ...person.customer, taxCode: 'RSSMRA85T10A562T' } as FiscalDocument['customer'];
    expect(await codes(received({ ...person, customer: wrongCf }))).toEqual(['00306']);
  });

  it('00417: a customer with neither partita IVA nor codice fiscale', async () => {
    const company = companyInvoice();
    const file = received(company, (xml) =>
      xml.replace(
        /<IdFiscaleIVA>\s*<IdPaese>IT<\/IdPaese>\s*<IdCodice>12345678903<\/IdCodice>\s*<\/IdFiscaleIVA>\s*<CodiceFiscale>12345678903<\/CodiceFiscale>/u,
        '',
      ),
    );
    expect(await codes(file)).toEqual(['00417']);
  });

  it('00403: an invoice dated after the day the SdI receives it', async () => {
    expect(await codes({ ...received(personInvoice()), receivedOn: '2026-12-02' })).toEqual(['00403']);
  });

  it('00404: the same invoice again under another file name', async () => {
    const first = await checkSdiFile(received(personInvoice()), NOTHING_RECEIVED);
    if (!first.accepted) throw new Error('the first file should be accepted');
    const history = { fileNames: new Set(['IT01234567897_Fpq7X.xml']), invoiceKeys: new Set(first.invoiceKeys) };
    expect(await codes(received(personInvoice({ transmissionId: 'A26000124' })), history)).toEqual(['00404']);
    // The same number in another year, or a credit note with the number, is another document.
    expect(
      await codes(received(personInvoice({ transmissionId: 'A27000123', issueDate: '2027-01-02' })), history),
    ).toEqual(['00403']);
  });

  it('00418: a credit note dated before the invoice it corrects', async () => {
    const note = creditNote({ relatedInvoice: { number: '2026/A/000123', issueDate: '2026-12-11' } });
    expect(await codes(received(note))).toEqual(['00418']);
  });

  it('00425: a number without digits', async () => {
    expect(await codes(received(personInvoice({ number: 'A/B' })))).toEqual(['00425']);
  });

  it('00427: a 7-character code in an FPA12 file', async () => {
    const file = received(publicAdministrationInvoice(), (xml) => xml.replace('UFY9MH', 'UFY9MH1'));
    expect(await codes(file)).toEqual(['00427']);
  });

  it('00426: a PEC with a codice destinatario other than 0000000', async () => {
    const file = received(companyInvoice(), (xml) =>
      xml.replace(
        '</CodiceDestinatario>',
        '</CodiceDestinatario>\n      <PECDestinatario>a@pec.example.it</PECDestinatario>',
      ),
    );
    expect(await codes(file)).toEqual(['00426']);
  });

  it('00423: a line total that is not (unit price − discounts) × quantity; a per-unit discount rounded at the eighth decimal passes', async () => {
    expect(await codes(received(companyInvoice()))).toEqual([]);
    const file = received(companyInvoice(), (xml) =>
      xml.replace('<PrezzoTotale>29.00</PrezzoTotale>', '<PrezzoTotale>30.00</PrezzoTotale>'),
    );
    const verdict = await checkSdiFile(file, NOTHING_RECEIVED);
    expect(verdict).toMatchObject({ accepted: false });
    if (!verdict.accepted) {
      // The summary still says 29.00: within the euro the SdI tolerates on ImponibileImporto, so no 00422.
      expect(verdict.errors.map((error) => error.code)).toEqual(['00423']);
      expect(verdict.errors[0]?.message).toContain('linea 2: 30.00 invece di 29.00');
    }
  });

  it('00422 and 00421: a summary whose taxable amount or tax does not follow from the lines', async () => {
    const taxable = received(personInvoice(), (xml) =>
      xml.replace('<ImponibileImporto>40.00</ImponibileImporto>', '<ImponibileImporto>41.50</ImponibileImporto>'),
    );
    expect(await codes(taxable)).toEqual(['00422', '00421']);
    const tax = received(personInvoice(), (xml) => xml.replace('<Imposta>8.80</Imposta>', '<Imposta>8.82</Imposta>'));
    expect(await codes(tax)).toEqual(['00421']);
    const withinACent = received(personInvoice(), (xml) =>
      xml.replace('<Imposta>8.80</Imposta>', '<Imposta>8.81</Imposta>'),
    );
    expect(await codes(withinACent)).toEqual([]);
  });

  it('00400, 00401, 00419, 00429, 00430: Natura and rates, and a rate without its summary', async () => {
    const noNature = received(personInvoice(), (xml) =>
      xml
        .replaceAll('<AliquotaIVA>22.00</AliquotaIVA>', '<AliquotaIVA>0.00</AliquotaIVA>')
        .replace('<Imposta>8.80</Imposta>', '<Imposta>0.00</Imposta>'),
    );
    expect(await codes(noNature)).toEqual(['00400', '00429']);
    const natureWithRate = received(personInvoice(), (xml) =>
      xml.replaceAll('<AliquotaIVA>22.00</AliquotaIVA>', '<AliquotaIVA>22.00</AliquotaIVA>\n<Natura>N2.2</Natura>'),
    );
    expect(await codes(natureWithRate)).toEqual(['00401', '00430']);
    const base = companyInvoice();
    const missingRow = received({ ...base, vatSummary: base.vatSummary.slice(0, 1) });
    expect(await codes(missingRow)).toEqual(['00419']);
  });
});

describe('identifiers the sandbox SdI checks', () => {
  it('a partita IVA is eleven digits with its check digit', () => {
    expect(isItalianVatNumber('01234567897')).toBe(true);
    expect(isItalianVatNumber('01234567890')).toBe(false);
    expect(isItalianVatNumber('0123456789')).toBe(false);
  });

  it('a codice fiscale has its check character, omocodia included, or is a company’s eleven digits', () => {
    expect(isTaxCode('RSSMRA85T10A562S')).toBe(true);
    expect(isTaxCode('RSSMRA85T10A562T')).toBe(false);
    // The same person after omocodia: the last digit of the place code (2) written as its letter (N), new check.
    expect(isTaxCode('RSSMRA85T10A56NH')).toBe(true);
    expect(isTaxCode('80012345676')).toBe(true);
    expect(isTaxCode('RSSMRA85Z10A562S')).toBe(false);
  });
});
