import fs from 'node:fs';
import path from 'node:path';
import { escapeHtml } from '../../shared/html/jsx-runtime.ts';
import type { EmailSettings } from './email-content.ts';
import { allEmailSamples } from './email-samples.ts';
import { renderEmail } from './render-email.ts';

/**
 * Writes every email in both languages to `dir` for review: `<sample>.<locale>.html` and `.txt` (the subject is the
 * HTML's title and the text's first line), plus an index.html linking them all. Returns the files written.
 */
export function writeEmailPreviews(dir: string, settings: EmailSettings): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const links: string[] = [];
  for (const sample of allEmailSamples()) {
    for (const locale of ['it', 'en'] as const) {
      const email = renderEmail(sample.template, sample.data, locale, settings, { name: 'Mario Rossi' });
      const stem = `${sample.name}.${locale}`;
      fs.writeFileSync(path.join(dir, `${stem}.html`), email.html);
      fs.writeFileSync(path.join(dir, `${stem}.txt`), `Subject: ${email.subject}\n\n${email.text}`);
      written.push(`${stem}.html`, `${stem}.txt`);
      links.push(
        `<li><a href="${stem}.html">${escapeHtml(email.subject)}</a> (${locale}, <a href="${stem}.txt">text</a>)</li>`,
      );
    }
  }
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    `<!doctype html><html lang="en"><meta charset="utf-8"><title>Cassa email preview</title><h1>Cassa email preview</h1><ul>${links.join('')}</ul></html>\n`,
  );
  written.push('index.html');
  return written;
}
