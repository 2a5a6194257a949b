import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { openTestArea, type TestArea } from '../area/test-area.ts';
import { builtInLogo, darker } from './brand.ts';
import { pageText, TestClient } from './test-client.ts';

describe.each(testDatabaseKinds())("the provider's brand in Area Clienti (%s)", (kind) => {
  let plain: TestArea;
  let branded: TestArea;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cassa-brand-'));
  const logo = path.join(dir, 'logo.svg');

  beforeAll(async () => {
    fs.writeFileSync(logo, '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle r="5"/></svg>');
    plain = await openTestArea(kind);
    branded = await openTestArea(kind, {
      env: { PROVIDER_NAME: 'Ruba Servizi', PROVIDER_COLOR: '#7a1f1f', PROVIDER_LOGO: logo },
    });
  });
  afterAll(async () => {
    await plain?.close();
    await branded?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names "Servizi Certificati Demo" in the header and the title by default, with the built-in logo and colours', async () => {
    const login = await new TestClient(plain.app).get('/login');
    expect(pageText(login.body)).toMatch(/^.*Servizi Certificati Demo Area Clienti/);
    expect(login.body).toContain(
      '<title>Accedi all&#39;Area Clienti · Area Clienti · Servizi Certificati Demo</title>',
    );
    expect(login.body).toContain('<img class="brand-logo" src="/assets/logo.svg" alt="" width="32" height="32">');
    expect(login.body).toContain('<link rel="stylesheet" href="/assets/brand.css">');
    expect(login.body).not.toContain('>Cassa<');
    const svg = await plain.app.inject({ url: '/assets/logo.svg' });
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.body).toBe(builtInLogo());
    const css = await plain.app.inject({ url: '/assets/brand.css' });
    expect(css.body).not.toContain('--brand:');
  });

  it('uses PROVIDER_NAME, PROVIDER_COLOR and PROVIDER_LOGO', async () => {
    const login = await new TestClient(branded.app).get('/login');
    expect(pageText(login.body)).toContain('Ruba Servizi Area Clienti');
    const css = await branded.app.inject({ url: '/assets/brand.css' });
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.body).toContain('--brand: #7a1f1f;');
    expect(css.body).toContain(`--brand-dark: ${darker('#7a1f1f')};`);
    const svg = await branded.app.inject({ url: '/assets/logo.svg' });
    expect(svg.body).toContain('<circle r="5"/>');
    // Served like a static file: no session is opened for it.
    expect(svg.cookies).toHaveLength(0);
  });
});
