import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../db/database.ts';
import { openTestDatabase, testDatabaseKinds } from '../db/test-databases.ts';
import { buildFatturaPaXml, fatturaPaFileName } from '../merchant/invoices/fatturapa-xml.ts';
import type { FiscalDocument } from '../merchant/invoices/invoice-document.ts';
import type { SdiNotification, SdiTransmission } from '../merchant/invoices/sdi-channel.ts';
import { companyInvoice, personInvoice, provider } from '../merchant/invoices/testing/fiscal-document-fixtures.ts';
import { ManualClock } from '../shared/clock.ts';
import { sdiMigrations } from './db/migrations/index.ts';
import type { SdiDatabase } from './db/schema.ts';
import { SDI_SCHEMA } from './db/sdi-database.ts';
import { SandboxSdiChannel } from './sandbox-sdi-channel.ts';

// Each file validated against the XSD takes 80 ms to 2 s (a worker thread per call, fatturapa-validate.ts): on a
// loaded 2-core machine a test of several files needs more than the default 30 s.
vi.setConfig({ testTimeout: 120_000 });

const DELAY_SECONDS = 5;

function fileOf(doc: FiscalDocument, edit: (xml: string) => string = (xml) => xml) {
  return { fileName: fatturaPaFileName(doc), xml: edit(buildFatturaPaXml(doc)) };
}

function sdiIdOf(transmission: SdiTransmission): string {
  if (!transmission.ok) throw new Error(`not received: ${transmission.reason}`);
  return transmission.sdiId;
}

/** Each test its own invoice number (and so file name and invoice), on one sandbox per engine. */
let sequence = 200;
function nextNumber(): Partial<FiscalDocument> {
  sequence += 1;
  return { number: `2026/A/000${sequence}`, transmissionId: `A26000${sequence}` };
}

describe.each(testDatabaseKinds())('the sandbox SdI through the SdI port, on %s', (kind) => {
  let database: Database<SdiDatabase>;
  let clock: ManualClock;
  let channel: SandboxSdiChannel;

  beforeAll(async () => {
    database = await openTestDatabase<SdiDatabase>(kind, sdiMigrations, { schema: SDI_SCHEMA });
    clock = new ManualClock('2026-12-03T10:00:00Z');
    channel = new SandboxSdiChannel({ db: database.db, clock, delaySeconds: DELAY_SECONDS });
  });
  afterAll(async () => {
    await database?.close();
  });

  /** Moves the clock past the delay, as the SdI answering later. */
  function afterTheDelay(): void {
    clock.advance(DELAY_SECONDS * 1000);
  }

  it('delivers a good invoice: an RC after the delay, not before, the same one however often asked', async () => {
    const doc = personInvoice(nextNumber());
    const transmission = await channel.transmit(fileOf(doc));
    expect(transmission).toMatchObject({ ok: true, sdiId: expect.stringMatching(/^\d+$/u), receivedAt: clock.now() });
    const sdiId = sdiIdOf(transmission);
    expect(await channel.notifications(sdiId)).toEqual([]);
    clock.advance(DELAY_SECONDS * 1000 - 1);
    expect(await channel.notifications(sdiId)).toEqual([]);
    clock.advance(1);
    const [receipt, ...more] = await channel.notifications(sdiId);
    expect(more).toEqual([]);
    expect(receipt).toMatchObject({
      kind: 'RC',
      sdiId,
      messageId: expect.stringMatching(/^\d+$/u),
      fileName: fatturaPaFileName(doc).replace('.xml', '_RC_001.xml'),
      issuedAt: clock.now(),
      deliveredAt: clock.now(),
    });
    expect(receipt?.xml).toContain(
      '<types:RicevutaConsegna xmlns:types="http://ivaservizi.agenziaentrate.gov.it/docs/xsd/messaggi/v1.0" versione="1.0">',
    );
    expect(receipt?.xml).toContain(`<IdentificativoSdI>${sdiId}</IdentificativoSdI>`);
    expect(receipt?.xml).toContain(`<NomeFile>${fatturaPaFileName(doc)}</NomeFile>`);
    expect(receipt?.xml).toContain(`<DataOraConsegna>${clock.now().toISOString()}</DataOraConsegna>`);
    expect(receipt?.xml).toContain(`<MessageId>${receipt?.messageId}</MessageId>`);
    afterTheDelay();
    expect(await channel.notifications(sdiId)).toEqual([receipt]);
  });

  it('refuses a file name it has received before (00002), not worth retrying, and keeps the first file’s outcome', async () => {
    const file = fileOf(personInvoice(nextNumber()));
    const sdiId = sdiIdOf(await channel.transmit(file));
    expect(await channel.transmit(file)).toEqual({
      ok: false,
      retryable: false,
      code: '00002',
      reason: `nome file duplicato: ${file.fileName}`,
      earlier: { sdiId, sameFile: true },
    });
    // Another content under the same name is the same name.
    expect(await channel.transmit({ ...file, xml: fileOf(companyInvoice(nextNumber())).xml })).toMatchObject({
      ok: false,
      code: '00002',
      earlier: { sdiId, sameFile: false },
    });
    afterTheDelay();
    expect((await channel.notifications(sdiId)).map((n) => n.kind)).toEqual(['RC']);
  });

  it('discards an invoice with a wrong partita IVA: an NS after the delay with the SdI’s codes', async () => {
    const wrongCheckDigit = personInvoice({ ...nextNumber(), provider: { ...provider, vatNumber: '01234567890' } });
    const tenDigits = personInvoice({ ...nextNumber(), provider: { ...provider, vatNumber: '0123456789' } });
    const customer = companyInvoice(nextNumber());
    const wrongCustomer = { ...customer, customer: { ...customer.customer, vatNumber: '12345678900' } };
    const outcomes: SdiNotification[][] = [];
    const ids = [];
    for (const doc of [wrongCheckDigit, tenDigits, wrongCustomer as FiscalDocument])
      ids.push(sdiIdOf(await channel.transmit(fileOf(doc))));
    for (const id of ids) expect(await channel.notifications(id)).toEqual([]);
    afterTheDelay();
    for (const id of ids) outcomes.push(await channel.notifications(id));
    const codes = outcomes.map((list) => list.map((n) => (n.kind === 'NS' ? n.errors.map((e) => e.code) : n.kind)));
    expect(codes).toEqual([[['00300', '00301']], [['00300', '00301']], [['00305']]]);
    const [scarto] = outcomes[0] ?? [];
    expect(scarto).toMatchObject({
      kind: 'NS',
      fileName: fatturaPaFileName(wrongCheckDigit).replace('.xml', '_NS_001.xml'),
    });
    expect(scarto?.xml).toContain('<types:NotificaScarto');
    expect(scarto?.xml).toMatch(
      /<ListaErrori>\s*<Errore>\s*<Codice>00300<\/Codice>\s*<Descrizione>1\.1\.1\.2 &lt;IdCodice&gt; non valido: 01234567890<\/Descrizione>\s*<\/Errore>\s*<Errore>\s*<Codice>00301<\/Codice>/u,
    );
  });

  it('discards a file the schema refuses with 00200 and the schema’s reason', async () => {
    const file = fileOf(personInvoice(nextNumber()), (xml) => xml.replace('<CAP>20121</CAP>', '<CAP>2012</CAP>'));
    const sdiId = sdiIdOf(await channel.transmit(file));
    afterTheDelay();
    const [scarto] = await channel.notifications(sdiId);
    expect(scarto).toMatchObject({ kind: 'NS', errors: [{ code: '00200', message: expect.stringMatching(/CAP/u) }] });
  });

  it('discards the same invoice sent again under another name (00404), and takes a corrected one after a scarto', async () => {
    const numbers = nextNumber();
    const first = sdiIdOf(await channel.transmit(fileOf(personInvoice(numbers))));
    const again = personInvoice({ ...numbers, transmissionId: `A26${String(sequence + 500).padStart(6, '0')}` });
    const second = sdiIdOf(await channel.transmit(fileOf(again)));
    afterTheDelay();
    expect((await channel.notifications(first)).map((n) => n.kind)).toEqual(['RC']);
    expect(await channel.notifications(second)).toMatchObject([{ kind: 'NS', errors: [{ code: '00404' }] }]);

    // A discarded invoice was never issued for the SdI: sent again corrected, with its number, under a new name.
    const retry = nextNumber();
    const bad = personInvoice({ ...retry, provider: { ...provider, taxCode: '01234567890' } });
    const discarded = sdiIdOf(await channel.transmit(fileOf(bad)));
    const corrected = personInvoice({ ...retry, transmissionId: `A26${String(sequence + 500).padStart(6, '0')}` });
    const resent = sdiIdOf(await channel.transmit(fileOf(corrected)));
    afterTheDelay();
    expect(await channel.notifications(discarded)).toMatchObject([{ kind: 'NS', errors: [{ code: '00302' }] }]);
    expect((await channel.notifications(resent)).map((n) => n.kind)).toEqual(['RC']);
  });

  it('lets one of two files racing for a name or an invoice through, and discards or refuses the other', async () => {
    const file = fileOf(personInvoice(nextNumber()));
    const sameName = await Promise.all([channel.transmit(file), channel.transmit(file)]);
    expect(sameName.filter((t) => t.ok)).toHaveLength(1);
    const winner = sameName.find((t) => t.ok);
    expect(sameName.filter((t) => !t.ok)).toMatchObject([
      { code: '00002', retryable: false, earlier: { sdiId: winner?.ok ? winner.sdiId : '', sameFile: true } },
    ]);

    const numbers = nextNumber();
    const renamed = personInvoice({ ...numbers, transmissionId: `A26${String(sequence + 500).padStart(6, '0')}` });
    const ids = (
      await Promise.all([fileOf(personInvoice(numbers)), fileOf(renamed)].map((f) => channel.transmit(f)))
    ).map(sdiIdOf);
    afterTheDelay();
    const kinds = await Promise.all(ids.map(async (id) => (await channel.notifications(id)).map((n) => n.kind)));
    expect(kinds.flat().sort()).toEqual(['NS', 'RC']);
  });

  it('lists nothing for an identifier it never gave', async () => {
    expect(await channel.notifications('999999999999')).toEqual([]);
    expect(await channel.notifications('not-a-number')).toEqual([]);
  });
});

describe.each(testDatabaseKinds())('the sandbox SdI unable to store, on %s', (kind) => {
  it('says the file may be sent again later', async () => {
    // A database without the sandbox's tables: every statement fails, as with its storage gone.
    const database = await openTestDatabase<SdiDatabase>(kind, {});
    try {
      const clock = new ManualClock('2026-12-03T10:00:00Z');
      const channel = new SandboxSdiChannel({ db: database.db, clock, delaySeconds: 5 });
      expect(await channel.transmit(fileOf(personInvoice()))).toMatchObject({ ok: false, retryable: true });
    } finally {
      await database.close();
    }
  });
});
