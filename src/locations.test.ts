import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { treeDir, vendorDir } from './locations.ts';

describe('the files the apps read at run time', () => {
  it('are found from the root of the tree, as the build copies them', () => {
    expect(treeDir('bank/assets')).toBe(`${path.resolve('src/bank/assets')}/`);
    expect(fs.existsSync(path.join(treeDir('bank/assets'), 'bank.css'))).toBe(true);
    expect(fs.existsSync(path.join(treeDir('merchant/web/public'), 'cassa.css'))).toBe(true);
    expect(fs.existsSync(path.join(vendorDir('fatturapa'), 'Schema_del_file_xml_FatturaPA_v1.2.2.xsd'))).toBe(true);
  });
});
