import path from 'node:path';
import { loadInvoiceProvider } from './invoice-provider-config.ts';
import type { ProviderFiscalData } from './merchant/invoices/invoice-document.ts';
import { productionPostureProblems } from './production-posture.ts';
import { parseRoles, type Roles } from './roles.ts';
import { canonicalTimeZone, DEFAULT_BUSINESS_TIME_ZONE } from './shared/business-time.ts';

/** Typed configuration, read once from the environment at start. */
export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  /** CASSA_ROLES: what this process runs (src/roles.ts); `all` by default, the only choice on the embedded database. */
  roles: Roles;
  dataDir: string;
  /** Unset: embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  /** Unset: the bank uses its own PGlite in `dataDir/bank`, or a `bank` schema when `databaseUrl` is set. */
  bankDatabaseUrl: string | undefined;
  allowEmbeddedDb: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** LOG_FORMAT: `pretty` lines for a person, `json` for a collector; `auto` is pretty on a terminal outside production. */
  logFormat: 'auto' | 'json' | 'pretty';
  host: string;
  ports: { area: number; pay: number; bank: number; api: number; backoffice: number; admin: number };
  /** Prometheus `GET /metrics` (METRICS_HOST, METRICS_PORT): on loopback by default, its figures are not for the public. */
  metrics: { host: string; port: number };
  publicUrls: { area: string; pay: string; bank: string; api: string; backoffice: string };
  /**
   * Behind a reverse proxy: `true` trusts X-Forwarded-For from any hop, a string trusts only those addresses or CIDRs
   * (comma-separated). Off by default, so that a client cannot pick the IP that login rate limits count.
   */
  trustProxy: boolean | string;
  /** Whether demo data is loaded on start (default: yes, except in production). */
  seedDemoData: boolean;
  /** The merchant's account at the bank. Unset secret: generated into DATA_DIR (development only). */
  bankMerchant: { id: string; secret: string | undefined };
  /**
   * Whether this process runs the Banca Sandbox: with `all`, unless CASSA_SANDBOX_BANK=0 (a real acquirer); with a
   * role list, when it names `bank`.
   */
  runSandboxBank: boolean;
  sdi: SdiConfig;
  /**
   * The IANA time zone business dates are counted in (BUSINESS_TIME_ZONE, default Europe/Rome): the order-number
   * year, a service's activation and expiry, the renewal, retry and notice days, card expiry, dates on pages and in
   * emails. Instants are stored in UTC; only the day derived from one depends on this (src/shared/business-time.ts).
   */
  businessTimeZone: string;
  /** Who the customer deals with: the provider's name, logo and colour in headers, at the bank and in emails. */
  brand: BrandConfig;
  mail: MailConfig;
  renewals: RenewalConfig;
  /** Days sent emails, finished jobs and applied bank notifications are kept before they are purged (RETENTION_DAYS). */
  retentionDays: number;
  api: ApiConfig;
  webhooks: WebhookConfig;
  backoffice: BackofficeConfig;
  sandbox: SandboxConfig;
  /** Fatture elettroniche (docs/invoices.md). */
  invoices: InvoiceConfig;
  /** CASSA_ALLOW_HTTP: production accepts plain-http public URLs (a test bed); off by default. */
  allowHttp: boolean;
  /**
   * SHUTDOWN_GRACE_SECONDS (default 20): on SIGTERM, how long requests in flight and running jobs are given to
   * finish; jobs still running then are released for another worker (system.ts).
   */
  shutdownGraceMs: number;
}

/** What every fattura and nota di credito is issued with (docs/invoices.md). */
export interface InvoiceConfig {
  /** The provider issuing them (`INVOICE_PROVIDER_*`; the fictitious demo provider outside production). */
  provider: ProviderFiscalData;
}

/**
 * Transmission of invoices to the SdI. Only the sandbox SdI exists for now (src/sdi-sandbox, in-process): it runs in
 * the process that transmits (the worker) unless CASSA_SANDBOX_SDI=0, when invoices wait "in attesa" for a real
 * channel; production refuses it unless CASSA_SANDBOX=1 (production-posture.ts).
 */
export interface SdiConfig {
  runSandbox: boolean;
  /** SDI_SANDBOX_DELAY_SECONDS (default 5): how long after receiving a file the sandbox's RC or NS appears. */
  sandboxDelaySeconds: number;
}

/** The test pages of the sandbox bank (/sms, /app) and the built-in inbox, in production (production-posture.ts). */
export interface SandboxConfig {
  /** CASSA_SANDBOX=1: a public demo, where production runs the sandbox bank and the inbox on purpose. */
  publicDemo: boolean;
  /**
   * Whether their pages ask for the sandbox access token: in a public demo, always. The token is SANDBOX_TOKEN, or
   * generated into DATA_DIR and printed at start (system.ts).
   */
  tokenRequired: boolean;
  token: string | undefined;
}

/** The operators' back office (docs/backoffice.md). */
export interface BackofficeConfig {
  /**
   * Whether every operator must sign in with a TOTP code (BACKOFFICE_REQUIRE_TOTP; on in production, off elsewhere
   * so that the demo operator signs in with a password). An operator who enrolled is always asked for a code.
   */
  requireTotp: boolean;
}

/** The merchant REST API (docs/api.md). */
export interface ApiConfig {
  /** Requests one API key may make per minute (API_RATE_LIMIT_PER_MINUTE, default 600); more get 429. */
  rateLimitPerMinute: number;
  /** `live` keys (`cassa_live_…`) in production, `test` keys (`cassa_test_…`) everywhere else. */
  keyMode: 'live' | 'test';
}

/** Outgoing webhooks (docs/webhooks.md). */
export interface WebhookConfig {
  /**
   * Whether endpoints may resolve to loopback, link-local or private addresses (WEBHOOK_ALLOW_PRIVATE). Off in
   * production, so an API key cannot make Cassa probe its own network (SSRF); on in development, where the sample
   * receiver listens on 127.0.0.1.
   */
  allowPrivateTargets: boolean;
  /** How long a delivery waits for the receiver's answer (10 s). */
  timeoutMs: number;
}

/** Automatic renewal (SPEC §4): when the pass charges, how soft declines are retried, when notices go out. */
export interface RenewalConfig {
  /** Days before expiry that the renewal charge happens (RENEWAL_LEAD_DAYS, default 7). */
  leadDays: number;
  /** Days after the first declined charge at which a soft decline is retried (RENEWAL_RETRY_DAYS, default "1,3,5"). */
  retryDays: number[];
  /** How often the server runs a renewal pass (RENEWAL_PASS_INTERVAL_MINUTES, default 60; 0 = never). */
  passIntervalMs: number;
  /** How far ahead card-expiring and service-expiring notices look (RENEWAL_NOTICE_DAYS, default 30). */
  noticeDays: number;
}

/** The provider's brand (PROVIDER_NAME, PROVIDER_COLOR, PROVIDER_LOGO). */
export interface BrandConfig {
  /** The provider's name, e.g. "Servizi Certificati Demo": headers, the bank's "Pagamento a …", emails. */
  name: string;
  /** `#rrggbb`, dark enough for white text on it (4.5:1); unset: the built-in blue. */
  color: string | undefined;
  /** Path to an SVG file shown as the logo in the headers; unset: the built-in mark. */
  logoPath: string | undefined;
}

export const DEFAULT_PROVIDER_NAME = 'Servizi Certificati Demo';

/** Email: where the outbox delivers, who it says it is, and what every email's footer tells the customer. */
export interface MailConfig {
  /** `smtp://` or `smtps://` URL of a real mail server. Unset: the built-in inbox (localhost:2525). */
  smtpUrl: string | undefined;
  /**
   * Whether this process runs the built-in inbox: with `all`, when `smtpUrl` is unset (or CASSA_MAIL_INBOX=1); with a
   * role list, when it names `inbox`. Without `smtpUrl` the outbox sends to the inbox on loopback (INBOX_SMTP_PORT).
   */
  runInbox: boolean;
  inbox: { smtpPort: number; webPort: number };
  /** The From header, e.g. `"Servizi Certificati Demo" <noreply@cassa.local>` (the provider's name by default). */
  from: string;
  /** The provider's name, as emails sign (the same as brand.name). */
  providerName: string;
  /** SUPPORT_EMAIL: where "Contatta i nostri esperti" requests are emailed (through the outbox). */
  supportEmail: string;
  /** OPERATIONS_EMAIL: the provider's operations team, told when a webhook endpoint is disabled after failing. */
  operationsEmail: string;
  support: { customersPhone: string; partnersPhone: string; hours: { it: string; en: string } };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
const NODE_ENVS = ['development', 'production', 'test'] as const;

function trustProxy(value: string | undefined): boolean | string {
  if (value === undefined || value === '' || ['0', 'false', 'no'].includes(value)) return false;
  if (['1', 'true', 'yes'].includes(value)) return true;
  return value;
}

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];

  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const value = env[name];
    if (value === undefined || value === '') return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    problems.push(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
    return fallback;
  };
  const port = (name: string, fallback: number): number => {
    const value = env[name];
    if (value === undefined || value === '') return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > 65535) {
      problems.push(`${name} must be a TCP port number between 0 and 65535 (got "${value}")`);
      return fallback;
    }
    return n;
  };
  const postgresUrl = (name: string): string | undefined => {
    const value = env[name];
    if (value === undefined || value === '') return undefined;
    if (!/^postgres(ql)?:\/\/.+/.test(value)) {
      problems.push(`${name} is not a postgres:// URL`);
      return undefined;
    }
    return value;
  };
  const httpUrl = (name: string, fallback: string): string => {
    const value = env[name];
    if (value === undefined || value === '') return fallback;
    try {
      const url = new URL(value);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
      return url.origin + url.pathname.replace(/\/$/, '');
    } catch {
      problems.push(`${name} is not an http:// or https:// URL (got "${value}")`);
      return fallback;
    }
  };
  const flag = (name: string, fallback: boolean): boolean => {
    const value = env[name];
    if (value === undefined || value === '') return fallback;
    if (['1', 'true', 'yes'].includes(value)) return true;
    if (['0', 'false', 'no'].includes(value)) return false;
    problems.push(`${name} must be 1 or 0 (got "${value}")`);
    return fallback;
  };

  const timeZone = (name: string, fallback: string): string => {
    const value = env[name];
    if (value === undefined || value === '') return fallback;
    const canonical = canonicalTimeZone(value);
    if (canonical === undefined) {
      problems.push(`${name} must be an IANA time zone such as Europe/Rome (got "${value}")`);
      return fallback;
    }
    return canonical;
  };

  const nodeEnv = oneOf('NODE_ENV', NODE_ENVS, 'development');
  const host = env.HOST || 'localhost';
  const ports = {
    area: port('AREA_PORT', 3000),
    pay: port('PAY_PORT', 3001),
    bank: port('BANK_PORT', 3002),
    api: port('API_PORT', 3004),
    backoffice: port('BACKOFFICE_PORT', 3005),
    admin: port('ADMIN_PORT', 3009),
  };
  const roles = parseRoles(env.CASSA_ROLES, 'CASSA_ROLES', problems);
  const config: Config = {
    nodeEnv,
    roles,
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl: postgresUrl('DATABASE_URL'),
    bankDatabaseUrl: postgresUrl('BANK_DATABASE_URL'),
    allowEmbeddedDb: flag('CASSA_ALLOW_EMBEDDED_DB', false),
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info'),
    logFormat: oneOf('LOG_FORMAT', LOG_FORMATS, 'auto'),
    host,
    ports,
    metrics: { host: env.METRICS_HOST || '127.0.0.1', port: port('METRICS_PORT', 9464) },
    publicUrls: {
      area: httpUrl('PUBLIC_AREA_URL', `http://localhost:${ports.area}`),
      pay: httpUrl('PUBLIC_PAY_URL', `http://localhost:${ports.pay}`),
      bank: httpUrl('PUBLIC_BANK_URL', `http://localhost:${ports.bank}`),
      api: httpUrl('PUBLIC_API_URL', `http://localhost:${ports.api}`),
      backoffice: httpUrl('PUBLIC_BACKOFFICE_URL', `http://localhost:${ports.backoffice}`),
    },
    seedDemoData: flag('CASSA_DEMO_DATA', nodeEnv !== 'production'),
    trustProxy: trustProxy(env.TRUST_PROXY),
    bankMerchant: { id: env.BANK_MERCHANT_ID || 'cassa', secret: env.BANK_MERCHANT_SECRET || undefined },
    runSandboxBank: roles.explicit ? roles.set.has('bank') : flag('CASSA_SANDBOX_BANK', true),
    sdi: {
      runSandbox: flag('CASSA_SANDBOX_SDI', true),
      sandboxDelaySeconds: wholeNumber(env, problems, 'SDI_SANDBOX_DELAY_SECONDS', 5, 0, 432_000),
    },
    businessTimeZone: timeZone('BUSINESS_TIME_ZONE', DEFAULT_BUSINESS_TIME_ZONE),
    brand: loadBrandConfig(env, problems),
    mail: loadMailConfig(env, { port, flag, problems }, roles),
    renewals: loadRenewalConfig(env, problems),
    retentionDays: wholeNumber(env, problems, 'RETENTION_DAYS', 30, 1, 3650),
    api: {
      rateLimitPerMinute: wholeNumber(env, problems, 'API_RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
      keyMode: nodeEnv === 'production' ? 'live' : 'test',
    },
    webhooks: {
      allowPrivateTargets: flag('WEBHOOK_ALLOW_PRIVATE', nodeEnv !== 'production'),
      timeoutMs: 10_000,
    },
    backoffice: { requireTotp: flag('BACKOFFICE_REQUIRE_TOTP', nodeEnv === 'production') },
    sandbox: {
      publicDemo: flag('CASSA_SANDBOX', false),
      tokenRequired: nodeEnv === 'production' && flag('CASSA_SANDBOX', false),
      token: env.SANDBOX_TOKEN || undefined,
    },
    invoices: { provider: loadInvoiceProvider(env, problems) },
    allowHttp: flag('CASSA_ALLOW_HTTP', false),
    shutdownGraceMs: wholeNumber(env, problems, 'SHUTDOWN_GRACE_SECONDS', 20, 0, 600) * 1000,
  };
  if (config.bankMerchant.secret !== undefined && config.bankMerchant.secret.length < 16) {
    problems.push('BANK_MERCHANT_SECRET must be at least 16 characters');
  }
  if (config.nodeEnv === 'production' && config.bankMerchant.secret === undefined) {
    problems.push('NODE_ENV=production needs BANK_MERCHANT_SECRET (the merchant API secret given by the bank)');
  }

  if (config.nodeEnv === 'production' && !config.databaseUrl && !config.allowEmbeddedDb) {
    problems.push(
      'NODE_ENV=production needs DATABASE_URL: the embedded database (PGlite) does not fsync, so a power loss can lose ' +
        'committed payments. Set DATABASE_URL=postgres://…, or CASSA_ALLOW_EMBEDDED_DB=1 to accept that risk.',
    );
  }
  if (roles.explicit && !config.databaseUrl) {
    problems.push(
      `CASSA_ROLES=${[...roles.set].join(',')} needs DATABASE_URL: the embedded database (PGlite) belongs to one ` +
        'process, which runs every role. Leave CASSA_ROLES unset (or all), or set DATABASE_URL=postgres://… to ' +
        'run roles in separate processes.',
    );
  }
  problems.push(...productionPostureProblems(config, env));
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function loadMailConfig(
  env: Env,
  read: {
    port(name: string, fallback: number): number;
    flag(name: string, fallback: boolean): boolean;
    problems: string[];
  },
  roles: Roles,
): MailConfig {
  let smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl !== undefined) {
    try {
      const url = new URL(smtpUrl);
      if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error('protocol');
      if (!url.hostname) throw new Error('host');
    } catch {
      // The URL may carry a password: never echo it.
      read.problems.push('SMTP_URL is not an smtp:// or smtps:// URL with a host (e.g. smtp://user:pass@host:587)');
      smtpUrl = undefined;
    }
  }
  const providerName = env.PROVIDER_NAME?.trim() || DEFAULT_PROVIDER_NAME;
  const from = withDisplayName(env.MAIL_FROM || 'noreply@cassa.local', providerName);
  if (!/@[^@\s>]+>?$/.test(from)) read.problems.push(`MAIL_FROM must end with an email address (got "${from}")`);
  return {
    smtpUrl,
    runInbox: roles.explicit
      ? roles.set.has('inbox')
      : read.flag('CASSA_MAIL_INBOX', env.SMTP_URL === undefined || env.SMTP_URL === ''),
    inbox: { smtpPort: read.port('INBOX_SMTP_PORT', 2525), webPort: read.port('INBOX_WEB_PORT', 8025) },
    from,
    providerName,
    supportEmail: emailAddress(env, read.problems, 'SUPPORT_EMAIL', 'assistenza@cassa.local'),
    operationsEmail: emailAddress(env, read.problems, 'OPERATIONS_EMAIL', 'operations@cassa.local'),
    support: {
      customersPhone: env.SUPPORT_PHONE_CUSTOMERS || '+39 0575 0504',
      partnersPhone: env.SUPPORT_PHONE_PARTNERS || '+39 0575 0500',
      hours: { it: env.SUPPORT_HOURS_IT || 'Lun/Ven 08.30-18.00', en: env.SUPPORT_HOURS_EN || 'Mon-Fri 08:30-18:00' },
    },
  };
}

/** A bare address gets the provider's name as its display name (`"Name" <address>`); a full From is kept. */
function withDisplayName(from: string, name: string): string {
  const value = from.trim();
  if (value.includes('<')) return value;
  return `"${name.replace(/["\\\r\n]/g, '')}" <${value}>`;
}

function loadBrandConfig(env: Env, problems: string[]): BrandConfig {
  const name = env.PROVIDER_NAME?.trim() || DEFAULT_PROVIDER_NAME;
  if (name.length > 80 || /[\r\n<>]/.test(name)) {
    problems.push('PROVIDER_NAME must be at most 80 characters, on one line, without < or >');
  }
  let color = env.PROVIDER_COLOR?.trim() || undefined;
  if (color !== undefined) {
    if (!/^#[0-9a-fA-F]{6}$/.test(color)) {
      problems.push(`PROVIDER_COLOR must be a hex colour such as #0b4f8a (got "${color}")`);
      color = undefined;
    } else if (contrastWithWhite(color) < 4.5) {
      problems.push(
        `PROVIDER_COLOR ${color} is too light for white text on it (contrast ${contrastWithWhite(color).toFixed(2)}:1, needs 4.5:1): choose a darker shade`,
      );
      color = undefined;
    } else color = color.toLowerCase();
  }
  const logoPath = env.PROVIDER_LOGO?.trim() || undefined;
  if (logoPath !== undefined && !logoPath.toLowerCase().endsWith('.svg')) {
    problems.push(`PROVIDER_LOGO must be the path of an .svg file (got "${logoPath}")`);
  }
  return { name, color, logoPath: logoPath && path.resolve(logoPath) };
}

/** WCAG contrast ratio of white text on `hex` (#rrggbb). */
export function contrastWithWhite(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const v = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05);
}

function loadRenewalConfig(env: Env, problems: string[]): RenewalConfig {
  const whole = (name: string, fallback: number, min: number, max: number): number => {
    const value = env[name];
    if (value === undefined || value === '') return fallback;
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) {
      problems.push(`${name} must be a whole number between ${min} and ${max} (got "${value}")`);
      return fallback;
    }
    return n;
  };
  const leadDays = whole('RENEWAL_LEAD_DAYS', 7, 1, 60);
  let retryDays = [1, 3, 5];
  const retryValue = env.RENEWAL_RETRY_DAYS;
  if (retryValue !== undefined && retryValue !== '') {
    const parts = retryValue.split(',').map((part) => part.trim());
    const days = parts.map(Number);
    const valid =
      parts.every((part) => /^\d+$/.test(part)) &&
      days.every((day, i) => day >= 1 && day <= 60 && (i === 0 || day > (days[i - 1] as number)));
    if (valid && days.length <= 10) retryDays = days;
    else {
      problems.push(
        `RENEWAL_RETRY_DAYS must be increasing whole days after the first decline, e.g. "1,3,5" (got "${retryValue}")`,
      );
    }
  }
  return {
    leadDays,
    retryDays,
    passIntervalMs: whole('RENEWAL_PASS_INTERVAL_MINUTES', 60, 0, 7 * 24 * 60) * 60_000,
    noticeDays: whole('RENEWAL_NOTICE_DAYS', 30, 1, 365),
  };
}

/** A whole number from the environment within [min, max], or the fallback with a problem noted. */
function wholeNumber(
  env: Record<string, string | undefined>,
  problems: string[],
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max} (got "${value}")`);
    return fallback;
  }
  return n;
}

/** A bare email address from the environment (one @, no spaces or angle brackets), or the fallback with a problem. */
function emailAddress(env: Env, problems: string[], name: string, fallback: string): string {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (!/^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/.test(value)) {
    problems.push(`${name} must be an email address such as assistenza@example.com (got "${value}")`);
    return fallback;
  }
  return value;
}
