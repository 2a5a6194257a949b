import { create } from 'xmlbuilder2';
import type { SdiError } from '../merchant/invoices/sdi-channel.ts';

/**
 * The SdI's notifications as files, in the messaggi schema (namespace below, version 1.0 of the messages): the root
 * in the namespace with the `types` prefix the Agenzia's samples use, its children unqualified. Not validated
 * against the messaggi XSD (it is not vendored); the elements and their order follow MessaggiTypes v1.1, whose
 * Descrizione holds at most 255 characters. Unsigned: the real SdI signs each notification (ds:Signature), a sandbox
 * has no key worth trusting.
 */
const NAMESPACE = 'http://ivaservizi.agenziaentrate.gov.it/docs/xsd/messaggi/v1.0';

export interface NotifiedFile {
  sdiId: number;
  fileName: string;
  hash: string;
  receivedAt: Date;
  messageId: number;
}

/** `IT01234567897_Fpq7X.xml` → `IT01234567897_Fpq7X_RC_001.xml`: the file's name, the kind, a progressivo. */
export function notificationFileName(fileName: string, kind: 'RC' | 'NS', progressivo = 1): string {
  const stem = fileName.replace(/\.xml(\.p7m)?$/u, '');
  return `${stem}_${kind}_${String(progressivo).padStart(3, '0')}.xml`;
}

export function ricevutaConsegnaXml(
  file: NotifiedFile,
  delivery: { deliveredAt: Date; recipientCode: string | null },
): string {
  const root = start('types:RicevutaConsegna');
  identify(root, file);
  root.ele('DataOraConsegna').txt(delivery.deliveredAt.toISOString());
  const recipient = root.ele('Destinatario');
  recipient.ele('Codice').txt(delivery.recipientCode ?? '0000000');
  recipient.ele('Descrizione').txt('Destinatario della fattura (SdI sandbox)');
  root.ele('MessageId').txt(String(file.messageId));
  root.ele('Note').txt('SdI sandbox di Cassa: nessun valore fiscale');
  return root.end({ prettyPrint: true });
}

export function notificaScartoXml(file: NotifiedFile, errors: readonly SdiError[]): string {
  const root = start('types:NotificaScarto');
  identify(root, file);
  const list = root.ele('ListaErrori');
  for (const error of errors) {
    const item = list.ele('Errore');
    item.ele('Codice').txt(error.code);
    item.ele('Descrizione').txt(cut(error.message, MAX_DESCRIPTION));
  }
  root.ele('MessageId').txt(String(file.messageId));
  root.ele('Note').txt('SdI sandbox di Cassa: nessun valore fiscale');
  return root.end({ prettyPrint: true });
}

/** Descrizione_Type's maxLength: a schema error quoting a long value is cut, with an ellipsis. */
const MAX_DESCRIPTION = 255;

function cut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

function start(name: string) {
  return create({ version: '1.0', encoding: 'UTF-8' }).ele(NAMESPACE, name, { versione: '1.0' });
}

function identify(root: ReturnType<typeof start>, file: NotifiedFile): void {
  root.ele('IdentificativoSdI').txt(String(file.sdiId));
  root.ele('NomeFile').txt(file.fileName);
  root.ele('Hash').txt(file.hash);
  root.ele('DataOraRicezione').txt(file.receivedAt.toISOString());
}
