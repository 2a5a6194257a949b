import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateXML, type XMLFileInfo } from 'xmllint-wasm';
import { vendorDir } from '../../locations.ts';

/**
 * Validation of a FatturaPA file against the official schema (version 1.2.2, vendored in vendor/fatturapa with its
 * source and terms), offline: the schema imports the xmldsig schema from the file beside it.
 *
 * Cost, measured on the shared 2-core development machine (Node 20, xmllint-wasm 5.3.0), validations one after
 * another: 80–130 ms each with the machine nearly idle; 220–290 ms for a one-line invoice at a load average near 4;
 * a median of about 700 ms (240 ms to 1.9 s) for the two-line invoice at a load average of 5–10. Most of it is
 * starting a worker thread, compiling xmllint's WebAssembly module and parsing the schema, which xmllint-wasm does
 * again for every call; the event loop is not blocked meanwhile. Fine once per issued document, in the job that
 * issues it rather than inside a payment's transaction, and once per file a sandbox SdI receives; not for a loop
 * over thousands of files, nor for many at once (each call holds a worker and 16 MiB of WebAssembly memory).
 */
export type FatturaPaValidation = { valid: true } | { valid: false; errors: string[] };

const SCHEMA_FILE = 'Schema_del_file_xml_FatturaPA_v1.2.2.xsd';
const SIGNATURE_FILE = 'xmldsig-core-schema.xsd';
const VENDOR_DIR = vendorDir('fatturapa');

let schemas: { schema: XMLFileInfo; preload: XMLFileInfo } | undefined;

function loadSchemas(): { schema: XMLFileInfo; preload: XMLFileInfo } {
  schemas ??= {
    schema: { fileName: SCHEMA_FILE, contents: readFileSync(path.join(VENDOR_DIR, SCHEMA_FILE), 'utf8') },
    preload: { fileName: SIGNATURE_FILE, contents: readFileSync(path.join(VENDOR_DIR, SIGNATURE_FILE), 'utf8') },
  };
  return schemas;
}

export async function validateFatturaPa(xml: string): Promise<FatturaPaValidation> {
  const { schema, preload } = loadSchemas();
  const result = await validateXML({ xml: { fileName: 'fattura.xml', contents: xml }, schema, preload });
  if (result.valid) return { valid: true };
  const errors = result.errors.map((error) =>
    readable(error.loc ? `line ${error.loc.lineNumber}: ${error.message}` : error.message),
  );
  // xmllint reports a document it cannot parse at all with no error line of its own.
  return { valid: false, errors: errors.length > 0 ? errors : [result.rawOutput.trim() || 'not a FatturaPA document'] };
}

function readable(message: string): string {
  return message.replace('Schemas validity error : ', '');
}
