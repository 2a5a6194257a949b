import type { FastifyReply } from 'fastify';
import type { FiscalDocumentRow } from '../../db/schema.ts';
import { renderCourtesyPdf } from './courtesy-pdf.ts';
import { buildFatturaPaXml, fatturaPaFileName } from './fatturapa-xml.ts';
import { documentOf } from './fiscal-document-repository.ts';

export type DocumentFormat = 'pdf' | 'xml';

export interface DocumentFile {
  contentType: string;
  fileName: string;
  body: Buffer | string;
}

/**
 * A stored document as a download, the same in Area Clienti, the back office and the API: the courtesy PDF named
 * after its number ("/" cannot be in a file name), or the FatturaPA XML under the name the SdI knows it by.
 */
export async function documentFile(
  row: Pick<FiscalDocumentRow, 'document'>,
  format: DocumentFormat,
): Promise<DocumentFile> {
  const doc = documentOf(row);
  if (format === 'xml')
    return { contentType: 'application/xml', fileName: fatturaPaFileName(doc), body: buildFatturaPaXml(doc) };
  return {
    contentType: 'application/pdf',
    fileName: `${doc.number.replaceAll('/', '-')}.pdf`,
    body: await renderCourtesyPdf(doc),
  };
}

export function sendDocumentFile(reply: FastifyReply, file: DocumentFile) {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .header('cache-control', 'private, no-store')
    .send(file.body);
}
