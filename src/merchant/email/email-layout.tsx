import type { Locale } from '../../db/schema.ts';
import { escapeHtml, raw, type SafeHtml } from '../../shared/html/jsx-runtime.ts';
import type { EmailBlock, EmailContent, EmailSettings } from './email-content.ts';
import type { EmailI18n } from './email-i18n.ts';

/**
 * Colours of the email, as text/background pairs the accessibility test checks for contrast (WCAG AA, 4.5:1).
 * Email clients drop <style> blocks and external CSS, so every style is inline; there are no images at all.
 */
export const EMAIL_PALETTE = {
  page: '#eef1f4',
  card: '#ffffff',
  text: '#1f2933',
  muted: '#4a5561',
  brand: '#0b3d6e',
  brandText: '#ffffff',
  button: '#0b57a4',
  buttonText: '#ffffff',
  link: '#0b57a4',
  rule: '#d5dbe1',
} as const;

/** The text/background pairs that carry words, for the contrast check. */
export const EMAIL_TEXT_PAIRS: ReadonlyArray<[keyof typeof EMAIL_PALETTE, keyof typeof EMAIL_PALETTE]> = [
  ['text', 'card'],
  ['muted', 'card'],
  ['muted', 'page'],
  ['link', 'card'],
  ['link', 'page'],
  ['brandText', 'brand'],
  ['buttonText', 'button'],
];

const c = EMAIL_PALETTE;
const FONT = "font-family:Arial,'Helvetica Neue',Helvetica,sans-serif;";
const CELL = `${FONT}font-size:14px;line-height:20px;color:${c.text};padding:6px 4px;border-bottom:1px solid ${c.rule};text-align:left;vertical-align:top;overflow-wrap:anywhere;word-break:break-word;`;

/** An amount in euro as the texts write it ("35,38 €", "€35.38", "1.234,56 €"). */
const AMOUNT = /€\s?\d+(?:[.,]\d+)*|\d+(?:[.,]\d+)*\s?€/g;

/**
 * Text with every amount kept on one line: table cells may break anywhere (long PEC addresses must fit a phone), but
 * never "35,3" on one line and "8 €" on the next. The space inside an amount becomes a no-break space too, for the
 * clients that ignore the style.
 */
export function unbreakableAmounts(text: string): SafeHtml {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(AMOUNT)) {
    const at = match.index ?? 0;
    out += escapeHtml(text.slice(last, at));
    out += `<span style="white-space:nowrap;">${escapeHtml(match[0].replace(/\s/g, '\u00a0'))}</span>`;
    last = at + match[0].length;
  }
  return raw(out + escapeHtml(text.slice(last)));
}

export function EmailLayout(props: {
  locale: Locale;
  content: EmailContent;
  settings: EmailSettings;
  i18n: EmailI18n;
}): SafeHtml {
  const { content, settings, i18n } = props;
  const brand = settings.brandColor ?? c.brand;
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={props.locale} dir="ltr">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="color-scheme" content="light" />
          <title>{content.subject}</title>
        </head>
        <body style={`margin:0;padding:0;background:${c.page};`}>
          <div style="display:none;max-height:0;overflow:hidden;">{content.subject}</div>
          <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style={`background:${c.page};`}>
            <tr>
              <td align="center" style="padding:8px 4px;">
                <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;">
                  <tr>
                    <td
                      style={`${FONT}background:${brand};color:${c.brandText};font-size:18px;font-weight:bold;padding:16px 24px;`}
                    >
                      {settings.providerName}
                    </td>
                  </tr>
                  <tr>
                    <td style={`background:${c.card};padding:20px 12px;`}>
                      <main>
                        <h1 style={`${FONT}font-size:22px;line-height:28px;color:${c.text};margin:0 0 16px;`}>
                          {content.heading}
                        </h1>
                        {content.blocks.map((block) => (
                          <Block block={block} />
                        ))}
                      </main>
                    </td>
                  </tr>
                  <tr>
                    <td style={`${FONT}font-size:13px;line-height:20px;color:${c.muted};padding:16px 24px;`}>
                      <Footer settings={settings} i18n={i18n} />
                    </td>
                  </tr>
                </table>
              </td>
            </tr>
          </table>
        </body>
      </html>
    </>
  );
}

function Footer(props: { settings: EmailSettings; i18n: EmailI18n }): SafeHtml {
  const { settings, i18n } = props;
  const { t } = i18n;
  const link = `color:${c.link};`;
  return (
    <footer>
      <p style="margin:0 0 8px;">
        <strong>{t('footer.support')}</strong> — {t('footer.customers')}{' '}
        <a href={`tel:${settings.support.customersPhone.replace(/\s/g, '')}`} style={link}>
          {settings.support.customersPhone}
        </a>{' '}
        · {t('footer.partners')}{' '}
        <a href={`tel:${settings.support.partnersPhone.replace(/\s/g, '')}`} style={link}>
          {settings.support.partnersPhone}
        </a>{' '}
        · {settings.support.hours[i18n.locale]}
      </p>
      <p style="margin:0 0 8px;">
        <a href={settings.urls.area} style={link}>
          {t('footer.area')}
        </a>
      </p>
      <p style="margin:0;">{t('footer.sentBy', { provider: settings.providerName })}</p>
    </footer>
  );
}

function Block(props: { block: EmailBlock }): SafeHtml {
  const { block } = props;
  const text = `${FONT}font-size:15px;line-height:22px;color:${c.text};margin:0 0 16px;`;
  switch (block.kind) {
    case 'paragraph':
      return (
        <p style={text}>
          {block.strong ? <strong>{unbreakableAmounts(block.text)}</strong> : unbreakableAmounts(block.text)}
        </p>
      );
    case 'facts':
      return (
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="margin:0 0 16px;">
          {block.rows.map(([label, value]) => (
            <tr>
              <td style={`${CELL}color:${c.muted};width:40%;`}>{label}</td>
              <td style={`${CELL}font-weight:bold;`}>{unbreakableAmounts(value)}</td>
            </tr>
          ))}
        </table>
      );
    case 'table':
      return <DataTable block={block} />;
    case 'button':
      return (
        <p style="margin:24px 0;">
          <a
            href={block.href}
            style={`${FONT}display:inline-block;background:${c.button};color:${c.buttonText};font-size:16px;font-weight:bold;line-height:20px;padding:12px 24px;border-radius:4px;text-decoration:none;`}
          >
            {block.label}
          </a>
        </p>
      );
  }
}

function DataTable(props: { block: Extract<EmailBlock, { kind: 'table' }> }): SafeHtml {
  const { block } = props;
  const span = block.head.length - 1;
  return (
    <table width="100%" cellpadding="0" cellspacing="0" style="margin:0 0 16px;border-collapse:collapse;">
      <caption style={`${FONT}font-size:15px;font-weight:bold;color:${c.text};text-align:left;padding:0 0 8px;`}>
        {block.caption}
      </caption>
      <thead>
        <tr>
          {block.head.map((cell) => (
            <th scope="col" style={`${CELL}color:${c.muted};font-size:13px;`}>
              {cell}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {block.rows.map((row) => (
          <tr>
            {row.map((cell) => (
              <td style={CELL}>{unbreakableAmounts(cell)}</td>
            ))}
          </tr>
        ))}
      </tbody>
      {block.totals ? (
        <tfoot>
          {block.totals.map(([label, value], index) => (
            <tr>
              <th scope="row" colspan={String(span)} style={`${CELL}text-align:right;`}>
                {label}
              </th>
              <td style={`${CELL}${index === (block.totals?.length ?? 0) - 1 ? 'font-weight:bold;' : ''}`}>
                {unbreakableAmounts(value)}
              </td>
            </tr>
          ))}
        </tfoot>
      ) : null}
    </table>
  );
}

/** The plain-text part, from the same blocks. */
export function renderText(content: EmailContent, settings: EmailSettings, i18n: EmailI18n): string {
  const { t } = i18n;
  const out: string[] = [settings.providerName, '', content.heading, '='.repeat(content.heading.length), ''];
  for (const block of content.blocks) {
    switch (block.kind) {
      case 'paragraph':
        out.push(block.text, '');
        break;
      case 'facts':
        for (const [label, value] of block.rows) out.push(`${label}: ${value}`);
        out.push('');
        break;
      case 'table':
        out.push(block.caption);
        for (const row of block.rows) out.push(`- ${row.map((cell, i) => `${block.head[i]}: ${cell}`).join(' · ')}`);
        for (const [label, value] of block.totals ?? []) out.push(`${label}: ${value}`);
        out.push('');
        break;
      case 'button':
        out.push(`${block.label}: ${block.href}`, '');
        break;
    }
  }
  out.push(
    '--',
    `${t('footer.support')}: ${t('footer.customers')} ${settings.support.customersPhone} · ${t('footer.partners')} ${settings.support.partnersPhone} · ${settings.support.hours[i18n.locale]}`,
    `${t('footer.area')}: ${settings.urls.area}`,
    t('footer.sentBy', { provider: settings.providerName }),
  );
  return `${out.join('\n')}\n`;
}
