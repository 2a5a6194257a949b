import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';
import { PRODUCTION_ENV } from './testing/production-env.ts';

describe('configuration', () => {
  it('has working defaults for a development machine', () => {
    const config = loadConfig({});
    expect(config.ports).toEqual({ area: 3000, pay: 3001, bank: 3002, api: 3004, backoffice: 3005, admin: 3009 });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.publicUrls.pay).toBe('http://localhost:3001');
    expect(config.seedDemoData).toBe(true);
  });

  it('runs every role by default; CASSA_ROLES picks some, on PostgreSQL only, and names an unknown one', () => {
    const all = loadConfig({});
    expect(all.roles.explicit).toBe(false);
    expect([...all.roles.set].sort()).toEqual(['api', 'area', 'backoffice', 'bank', 'inbox', 'pay', 'worker']);
    expect(loadConfig({ CASSA_ROLES: 'all' }).roles.explicit).toBe(false);
    const pg = 'postgres://cassa@db/cassa';
    const web = loadConfig({ CASSA_ROLES: 'area, pay', DATABASE_URL: pg });
    expect(web.roles).toEqual({ set: new Set(['area', 'pay']), explicit: true });
    // A role list decides what runs: no bank and no inbox unless named (the outbox sends to INBOX_SMTP_PORT).
    expect(web.runSandboxBank).toBe(false);
    expect(web.mail.runInbox).toBe(false);
    const edges = loadConfig({ CASSA_ROLES: 'bank,inbox', DATABASE_URL: pg });
    expect([edges.runSandboxBank, edges.mail.runInbox]).toEqual([true, true]);
    expect(() => loadConfig({ CASSA_ROLES: 'area,pay' })).toThrowError(
      'CASSA_ROLES=area,pay needs DATABASE_URL: the embedded database (PGlite) belongs to one process',
    );
    expect(() => loadConfig({ CASSA_ROLES: 'area,payments', DATABASE_URL: pg })).toThrowError(
      'CASSA_ROLES has an unknown role "payments": use a comma list of area, pay, api, backoffice, worker, bank, inbox, or all',
    );
  });

  it('serves metrics on loopback port 9464 unless METRICS_HOST and METRICS_PORT say otherwise (0: a free port)', () => {
    expect(loadConfig({}).metrics).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(loadConfig({ METRICS_HOST: '0.0.0.0', METRICS_PORT: '0' }).metrics).toEqual({ host: '0.0.0.0', port: 0 });
    expect(() => loadConfig({ METRICS_PORT: '70000' })).toThrowError('METRICS_PORT must be a TCP port number');
  });

  it('emails support requests to SUPPORT_EMAIL, a bare address, by default assistenza@cassa.local', () => {
    expect(loadConfig({}).mail.supportEmail).toBe('assistenza@cassa.local');
    expect(loadConfig({ SUPPORT_EMAIL: 'help@provider.example' }).mail.supportEmail).toBe('help@provider.example');
    for (const value of ['nobody', 'Help <help@provider.example>', 'a@b']) {
      expect(() => loadConfig({ SUPPORT_EMAIL: value })).toThrowError(`SUPPORT_EMAIL must be an email address`);
    }
  });

  it('serves the API on API_PORT (3004) at PUBLIC_API_URL, limited per key by API_RATE_LIMIT_PER_MINUTE', () => {
    const config = loadConfig({});
    expect(config.ports.api).toBe(3004);
    expect(config.publicUrls.api).toBe('http://localhost:3004');
    expect(config.api).toEqual({ rateLimitPerMinute: 600, keyMode: 'test' });
    const custom = loadConfig({ API_PORT: '4004', API_RATE_LIMIT_PER_MINUTE: '60' });
    expect(custom.publicUrls.api).toBe('http://localhost:4004');
    expect(custom.api.rateLimitPerMinute).toBe(60);
    expect(loadConfig({ PUBLIC_API_URL: 'https://api.example.com/' }).publicUrls.api).toBe('https://api.example.com');
    expect(() => loadConfig({ API_RATE_LIMIT_PER_MINUTE: '0' })).toThrowError(/API_RATE_LIMIT_PER_MINUTE must be/);
    expect(() => loadConfig({ PUBLIC_API_URL: 'ftp://x' })).toThrowError(/PUBLIC_API_URL is not an http/);
    expect(loadConfig(PRODUCTION_ENV).api.keyMode).toBe('live');
  });

  it('tells the operations team at OPERATIONS_EMAIL, by default operations@cassa.local', () => {
    expect(loadConfig({}).mail.operationsEmail).toBe('operations@cassa.local');
    expect(loadConfig({ OPERATIONS_EMAIL: 'ops@provider.example' }).mail.operationsEmail).toBe('ops@provider.example');
    expect(() => loadConfig({ OPERATIONS_EMAIL: 'ops' })).toThrowError('OPERATIONS_EMAIL must be an email address');
  });

  it('lets webhooks reach private addresses in development only, unless WEBHOOK_ALLOW_PRIVATE says otherwise', () => {
    const production = PRODUCTION_ENV;
    expect(loadConfig({}).webhooks).toEqual({ allowPrivateTargets: true, timeoutMs: 10_000 });
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE: '0' }).webhooks.allowPrivateTargets).toBe(false);
    expect(loadConfig(production).webhooks.allowPrivateTargets).toBe(false);
    expect(loadConfig({ ...production, WEBHOOK_ALLOW_PRIVATE: '1' }).webhooks.allowPrivateTargets).toBe(true);
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'maybe' })).toThrowError('WEBHOOK_ALLOW_PRIVATE must be 1 or 0');
  });

  it('needs the bank secret from the environment in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u@h/db' })).toThrowError(
      /BANK_MERCHANT_SECRET/,
    );
    expect(() => loadConfig({ BANK_MERCHANT_SECRET: 'short' })).toThrowError(/at least 16 characters/);
  });

  it('trusts a reverse proxy only when told, and only the addresses given', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1,10.0.0.0/8' }).trustProxy).toBe('10.0.0.1,10.0.0.0/8');
  });

  it('counts business dates in Europe/Rome unless BUSINESS_TIME_ZONE names another IANA zone', () => {
    expect(loadConfig({}).businessTimeZone).toBe('Europe/Rome');
    expect(loadConfig({ BUSINESS_TIME_ZONE: '' }).businessTimeZone).toBe('Europe/Rome');
    expect(loadConfig({ BUSINESS_TIME_ZONE: 'Europe/Zurich' }).businessTimeZone).toBe('Europe/Zurich');
    // Intl's canonical spelling, so that every later use names the zone the same way.
    expect(loadConfig({ BUSINESS_TIME_ZONE: 'europe/rome' }).businessTimeZone).toBe('Europe/Rome');
    expect(loadConfig({ BUSINESS_TIME_ZONE: 'UTC' }).businessTimeZone).toBe('UTC');
  });

  it('stops on a time zone Intl does not know, naming the variable', () => {
    for (const value of ['Europe/Milano', 'CET+1', 'Rome']) {
      const attempt = () => loadConfig({ BUSINESS_TIME_ZONE: value });
      expect(attempt).toThrowError(ConfigError);
      expect(attempt).toThrowError(`BUSINESS_TIME_ZONE must be an IANA time zone such as Europe/Rome (got "${value}")`);
    }
  });

  it('logs for a person on a terminal unless LOG_FORMAT says json or pretty', () => {
    expect(loadConfig({}).logFormat).toBe('auto');
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrowError(/LOG_FORMAT/);
  });

  it('says plainly what is wrong', () => {
    const attempt = () => loadConfig({ DATABASE_URL: 'mysql://x', AREA_PORT: 'abc' });
    expect(attempt).toThrowError(/DATABASE_URL is not a postgres:\/\/ URL/);
    expect(attempt).toThrowError(/AREA_PORT must be a TCP port number/);
  });

  it('refuses the embedded database in production unless explicitly allowed', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrowError(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrowError(/does not fsync/);
    const { DATABASE_URL: _url, ...embedded } = PRODUCTION_ENV;
    expect(loadConfig({ ...embedded, CASSA_ALLOW_EMBEDDED_DB: '1' }).seedDemoData).toBe(false);
    expect(loadConfig(PRODUCTION_ENV).databaseUrl).toBe('postgres://u@h/db');
  });

  it("delivers mail to the built-in inbox by default, with the seed's support contacts", () => {
    const { mail } = loadConfig({});
    expect(mail.smtpUrl).toBeUndefined();
    expect(mail.runInbox).toBe(true);
    expect(mail.inbox).toEqual({ smtpPort: 2525, webPort: 8025 });
    expect(mail.support).toEqual({
      customersPhone: '+39 0575 0504',
      partnersPhone: '+39 0575 0500',
      hours: { it: 'Lun/Ven 08.30-18.00', en: 'Mon-Fri 08:30-18:00' },
    });
  });

  it('turns the inbox off when SMTP_URL names a real server', () => {
    const { mail } = loadConfig({ SMTP_URL: 'smtp://user:pass@mail.example.com:587', MAIL_FROM: 'Ruba <no@ruba.it>' });
    expect(mail.smtpUrl).toBe('smtp://user:pass@mail.example.com:587');
    expect(mail.runInbox).toBe(false);
    expect(mail.from).toBe('Ruba <no@ruba.it>');
    expect(loadConfig({ SMTP_URL: 'smtps://mail.example.com', CASSA_MAIL_INBOX: '1' }).mail.runInbox).toBe(true);
  });

  it('refuses a mail URL that is not SMTP without echoing its password', () => {
    const attempt = () => loadConfig({ SMTP_URL: 'http://user:s3cret@mail.example.com', INBOX_WEB_PORT: 'x' });
    expect(attempt).toThrowError(/SMTP_URL is not an smtp:\/\/ or smtps:\/\/ URL/);
    expect(attempt).toThrowError(/INBOX_WEB_PORT must be a TCP port number/);
    expect(attempt).not.toThrowError(/s3cret/);
    expect(() => loadConfig({ MAIL_FROM: 'nobody' })).toThrowError(/MAIL_FROM/);
  });

  it('names the provider "Servizi Certificati Demo" by default, in the brand and as the sender of emails', () => {
    const config = loadConfig({});
    expect(config.brand).toEqual({ name: 'Servizi Certificati Demo', color: undefined, logoPath: undefined });
    expect(config.mail.providerName).toBe('Servizi Certificati Demo');
    expect(config.mail.from).toBe('"Servizi Certificati Demo" <noreply@cassa.local>');
    const custom = loadConfig({
      PROVIDER_NAME: 'Ruba Servizi',
      PROVIDER_COLOR: '#7A1F1F',
      PROVIDER_LOGO: 'brand/logo.svg',
      MAIL_FROM: 'info@ruba.it',
    });
    expect(custom.brand).toMatchObject({ name: 'Ruba Servizi', color: '#7a1f1f' });
    expect(custom.brand.logoPath).toMatch(/brand\/logo\.svg$/);
    expect(custom.mail.from).toBe('"Ruba Servizi" <info@ruba.it>');
  });

  it('refuses a brand colour that is not hex or too light for white text, and a logo that is not SVG', () => {
    expect(() => loadConfig({ PROVIDER_COLOR: 'blue' })).toThrowError(/PROVIDER_COLOR must be a hex colour/);
    expect(() => loadConfig({ PROVIDER_COLOR: '#ffcc00' })).toThrowError(/PROVIDER_COLOR #ffcc00 is too light/);
    expect(() => loadConfig({ PROVIDER_LOGO: 'logo.png' })).toThrowError(/PROVIDER_LOGO must be the path of an .svg/);
    expect(() => loadConfig({ PROVIDER_NAME: 'a<b>' })).toThrowError(/PROVIDER_NAME/);
  });

  it('renews 7 days ahead, retries soft declines after 1, 3 and 5 days, passes hourly, warns 30 days ahead', () => {
    expect(loadConfig({}).renewals).toEqual({
      leadDays: 7,
      retryDays: [1, 3, 5],
      passIntervalMs: 3_600_000,
      noticeDays: 30,
    });
    const custom = loadConfig({
      RENEWAL_LEAD_DAYS: '10',
      RENEWAL_RETRY_DAYS: '2, 4',
      RENEWAL_PASS_INTERVAL_MINUTES: '15',
      RENEWAL_NOTICE_DAYS: '45',
    }).renewals;
    expect(custom).toEqual({ leadDays: 10, retryDays: [2, 4], passIntervalMs: 900_000, noticeDays: 45 });
  });

  it('refuses renewal settings that make no sense', () => {
    const attempt = () =>
      loadConfig({ RENEWAL_LEAD_DAYS: '0', RENEWAL_RETRY_DAYS: '3,1', RENEWAL_NOTICE_DAYS: 'soon' });
    expect(attempt).toThrowError(/RENEWAL_LEAD_DAYS must be a whole number between 1 and 60/);
    expect(attempt).toThrowError(/RENEWAL_RETRY_DAYS must be increasing whole days/);
    expect(attempt).toThrowError(/RENEWAL_NOTICE_DAYS must be a whole number/);
    expect(() => loadConfig({ RENEWAL_RETRY_DAYS: '1,,3' })).toThrowError(/RENEWAL_RETRY_DAYS/);
  });

  describe('in production (NODE_ENV=production)', () => {
    const refusal = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return '';
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
    };

    it('starts with a real database, mail server and acquirer on https', () => {
      expect(refusal(PRODUCTION_ENV)).toBe('');
      expect(loadConfig(PRODUCTION_ENV).sandbox).toEqual({ publicDemo: false, tokenRequired: false, token: undefined });
    });

    it('refuses the sandbox bank and the inbox unless CASSA_SANDBOX=1, naming the variable', () => {
      const { CASSA_SANDBOX_BANK: _bank, CASSA_SANDBOX_SDI: _sdi, SMTP_URL: _smtp, ...sandboxed } = PRODUCTION_ENV;
      const message = refusal({ ...sandboxed, BANK_VAULT_KEY: Buffer.alloc(32, 7).toString('base64') });
      expect(message).toContain('refuses the sandbox bank (CASSA_SANDBOX_BANK');
      expect(message).toContain('refuses the sandbox SdI (CASSA_SANDBOX_SDI');
      expect(refusal({ ...PRODUCTION_ENV, CASSA_SANDBOX_SDI: '1' })).toContain('refuses the sandbox SdI');
      expect(message).toContain('refuses the built-in mail inbox (CASSA_MAIL_INBOX');
      expect(message).toContain('CASSA_SANDBOX=1');
      expect(refusal({ ...PRODUCTION_ENV, CASSA_SANDBOX_BANK: '1' })).toContain('BANK_VAULT_KEY');
      const demo = loadConfig({
        ...sandboxed,
        CASSA_SANDBOX: '1',
        BANK_VAULT_KEY: Buffer.alloc(32, 7).toString('base64'),
      });
      expect(demo.sandbox).toEqual({ publicDemo: true, tokenRequired: true, token: undefined });
      expect(demo.runSandboxBank && demo.mail.runInbox && demo.sdi.runSandbox).toBe(true);
      expect(refusal({ ...sandboxed, CASSA_SANDBOX: '1', BANK_VAULT_KEY: 'x', SANDBOX_TOKEN: 'short' })).toContain(
        'SANDBOX_TOKEN must be at least 16 characters',
      );
    });

    it('refuses to start without SMTP_URL rather than drop email, where a worker would send it', () => {
      const { SMTP_URL: _smtp, ...noMail } = PRODUCTION_ENV;
      expect(refusal({ ...noMail, CASSA_MAIL_INBOX: '0' })).toContain('needs SMTP_URL');
      expect(refusal({ ...noMail, CASSA_ROLES: 'worker' })).toContain('needs SMTP_URL');
      // A web node only writes the outbox: it starts without one.
      expect(loadConfig({ ...noMail, CASSA_ROLES: 'area,pay,api,backoffice' }).mail.smtpUrl).toBeUndefined();
    });

    it('needs https public URLs unless CASSA_ALLOW_HTTP=1', () => {
      const plain = {
        ...PRODUCTION_ENV,
        PUBLIC_PAY_URL: 'http://pay.example.com',
        PUBLIC_API_URL: 'http://api.example.com',
      };
      expect(refusal(plain)).toContain('needs https:// public URLs (PUBLIC_PAY_URL, PUBLIC_API_URL)');
      expect(refusal({ ...plain, CASSA_ALLOW_HTTP: '1' })).toBe('');
    });

    it('asks nothing of the sandbox outside production', () => {
      expect(loadConfig({}).sandbox).toEqual({ publicDemo: false, tokenRequired: false, token: undefined });
    });
  });

  it('gives a stopping process SHUTDOWN_GRACE_SECONDS (default 20) to finish its requests and jobs', () => {
    expect(loadConfig({}).shutdownGraceMs).toBe(20_000);
    expect(loadConfig({ SHUTDOWN_GRACE_SECONDS: '0' }).shutdownGraceMs).toBe(0);
    expect(loadConfig({ SHUTDOWN_GRACE_SECONDS: '5' }).shutdownGraceMs).toBe(5_000);
    expect(() => loadConfig({ SHUTDOWN_GRACE_SECONDS: 'soon' })).toThrowError(/SHUTDOWN_GRACE_SECONDS/);
  });
});
