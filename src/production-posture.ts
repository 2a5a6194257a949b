import type { Config } from './config.ts';
import { REQUIRED_INVOICE_PROVIDER_VARIABLES } from './invoice-provider-config.ts';

type Env = Record<string, string | undefined>;

/**
 * What `NODE_ENV=production` refuses, checked at start with the variable to change named (docs/production.md). The
 * sandbox bank and the built-in inbox exist to try Cassa: in production they would show every customer's codes and
 * emails to whoever finds the port, so they need `CASSA_SANDBOX=1` — a deliberate public demo — whose test pages
 * then ask for a token. Mail needs a real server, the bank its keys, and every public URL https (unless
 * `CASSA_ALLOW_HTTP=1`, for a test bed behind no proxy).
 */
export function productionPostureProblems(config: Config, env: Env): string[] {
  if (config.nodeEnv !== 'production') return [];
  const problems: string[] = [];
  const demo = config.sandbox.publicDemo;
  if (config.runSandboxBank && !demo) {
    problems.push(
      'NODE_ENV=production refuses the sandbox bank (CASSA_SANDBOX_BANK is 1 unless set to 0): connect a real ' +
        'acquirer and set CASSA_SANDBOX_BANK=0, or set CASSA_SANDBOX=1 for a public demo (its test pages then ' +
        'need SANDBOX_TOKEN)',
    );
  }
  if (config.sdi.runSandbox && !demo) {
    problems.push(
      'NODE_ENV=production refuses the sandbox SdI (CASSA_SANDBOX_SDI is 1 unless set to 0): its receipts have no ' +
        'fiscal value, so invoices would look delivered that the tax authority never received. Set ' +
        'CASSA_SANDBOX_SDI=0 (invoices then wait "in attesa" for a real channel), or CASSA_SANDBOX=1 for a public demo',
    );
  }
  if (config.mail.runInbox && !demo) {
    problems.push(
      'NODE_ENV=production refuses the built-in mail inbox (CASSA_MAIL_INBOX, on when SMTP_URL is unset): set ' +
        'SMTP_URL=smtp://user:pass@host:587, or CASSA_SANDBOX=1 for a public demo',
    );
  } else if (!config.mail.smtpUrl && !config.mail.runInbox && config.roles.set.has('worker')) {
    // The web roles only write the outbox; the worker sends it.
    problems.push('NODE_ENV=production needs SMTP_URL: without it no email would leave (no silent inbox)');
  }
  if (config.runSandboxBank && !env.BANK_VAULT_KEY) {
    problems.push(
      'NODE_ENV=production needs BANK_VAULT_KEY (base64 of 32 bytes, `openssl rand -base64 32`) when this process ' +
        'runs the sandbox bank',
    );
  }
  if (!config.allowHttp) {
    const plain = Object.entries(PUBLIC_URL_VARIABLES)
      .filter(([part]) => !config.publicUrls[part as keyof Config['publicUrls']].startsWith('https://'))
      .map(([, variable]) => variable);
    if (plain.length > 0) {
      problems.push(
        `NODE_ENV=production needs https:// public URLs (${plain.join(', ')}): put a reverse proxy terminating ` +
          'TLS in front and set them, or CASSA_ALLOW_HTTP=1 to accept plain http',
      );
    }
  }
  // A public demo may invoice as the fictitious provider; a real one must never issue documents in its name.
  const missingFiscal = REQUIRED_INVOICE_PROVIDER_VARIABLES.filter((name) => !env[name]?.trim());
  if (!demo && missingFiscal.length > 0) {
    problems.push(
      `NODE_ENV=production needs the provider's fiscal data for its invoices (${missingFiscal.join(', ')}): ` +
        'every fattura names who issued it (docs/invoices.md)',
    );
  }
  if (demo && env.SANDBOX_TOKEN !== undefined && env.SANDBOX_TOKEN.length < 16) {
    problems.push('SANDBOX_TOKEN must be at least 16 characters (or leave it unset: one is generated into DATA_DIR)');
  }
  return problems;
}

const PUBLIC_URL_VARIABLES: Record<keyof Config['publicUrls'], string> = {
  area: 'PUBLIC_AREA_URL',
  pay: 'PUBLIC_PAY_URL',
  bank: 'PUBLIC_BANK_URL',
  api: 'PUBLIC_API_URL',
  backoffice: 'PUBLIC_BACKOFFICE_URL',
};
