import nodemailer, { type Transporter } from 'nodemailer';
import type { MailConfig } from '../../config.ts';

/**
 * The SMTP connection pool the outbox sends through: `SMTP_URL` when set (smtp:// upgrades with STARTTLS when the
 * server offers it, `?requireTLS=true` insists on it; smtps:// is TLS from the start), else the built-in inbox on
 * loopback. Pooled: one handshake serves many messages.
 */
export function createMailTransport(mail: MailConfig): Transporter {
  const common = {
    pool: true,
    maxConnections: 3,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
  } as const;
  if (mail.smtpUrl) {
    const url = new URL(mail.smtpUrl);
    return nodemailer.createTransport({
      ...common,
      host: url.hostname,
      port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
      secure: url.protocol === 'smtps:',
      requireTLS: url.searchParams.get('requireTLS') === 'true',
      ...(url.username
        ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
        : {}),
    });
  }
  return nodemailer.createTransport({
    ...common,
    host: '127.0.0.1',
    port: mail.inbox.smtpPort,
    secure: false,
    ignoreTLS: true,
  });
}
