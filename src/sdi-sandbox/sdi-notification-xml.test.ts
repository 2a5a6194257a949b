import { describe, expect, it } from 'vitest';
import { notificaScartoXml, notificationFileName } from './sdi-notification-xml.ts';

const file = {
  sdiId: 100000001,
  fileName: 'IT01234567897_Fpq7X.xml',
  hash: 'a'.repeat(64),
  receivedAt: new Date('2026-12-03T10:00:00Z'),
  messageId: 500000001,
};

describe('the sandbox SdI’s notification files', () => {
  it('are named after the file, the kind and a progressivo', () => {
    expect(notificationFileName('IT01234567897_Fpq7X.xml', 'RC')).toBe('IT01234567897_Fpq7X_RC_001.xml');
    expect(notificationFileName('IT01234567897_Fpq7X.xml.p7m', 'NS', 2)).toBe('IT01234567897_Fpq7X_NS_002.xml');
  });

  it('list every error of a scarto in order, each description cut to the 255 characters the schema allows', () => {
    const long = `file non conforme al formato: ${'x'.repeat(400)}`;
    const xml = notificaScartoXml(file, [
      { code: '00200', message: long },
      { code: '00305', message: '1.4.1.1.2 <IdCodice> non valido: 12345678900' },
    ]);
    const descriptions = [...xml.matchAll(/<Descrizione>([^<]*)<\/Descrizione>/gu)].map((m) => m[1]);
    expect(descriptions).toEqual([`${long.slice(0, 254)}…`, '1.4.1.1.2 &lt;IdCodice&gt; non valido: 12345678900']);
    expect([...xml.matchAll(/<Codice>(\d{5})<\/Codice>/gu)].map((m) => m[1])).toEqual(['00200', '00305']);
    expect(xml).toMatch(
      /<IdentificativoSdI>100000001<\/IdentificativoSdI>\s*<NomeFile>IT01234567897_Fpq7X\.xml<\/NomeFile>\s*<Hash>a{64}<\/Hash>\s*<DataOraRicezione>2026-12-03T10:00:00\.000Z<\/DataOraRicezione>\s*<ListaErrori>/u,
    );
  });
});
