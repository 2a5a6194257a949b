import path from 'node:path';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { listenOrExplain } from '../shared/port-in-use.ts';
import { buildInboxApp } from './inbox-app.ts';
import { InboxStore } from './inbox-store.ts';
import { type SmtpReceiver, startSmtpReceiver } from './smtp-receiver.ts';

export interface RunningInbox {
  smtpPort: number;
  webUrl: string;
  store: InboxStore;
  /** Stops the SMTP side only (the web side stays up): tests use it to play a mail server that is down. */
  stopSmtp(): Promise<void>;
  /** Starts the SMTP side again on the same port. */
  startSmtp(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The built-in mail inbox, a part of its own like the bank: it never imports the merchant side, and the merchant side
 * reaches it only over SMTP. Messages persist in `dataDir/inbox`.
 */
export async function startInbox(options: {
  dataDir: string;
  /** Where the web page listens. */
  host: string;
  /** Where SMTP listens (default: `host`). */
  smtpHost?: string;
  smtpPort: number;
  webPort: number;
  logger: Logger;
  /** A public demo's sandbox access token (see buildInboxApp). */
  accessToken?: string | undefined;
}): Promise<RunningInbox> {
  const logger = options.logger.child({ part: 'inbox' });
  const store = await InboxStore.open(path.join(options.dataDir, 'inbox'));
  const smtpHost = options.smtpHost ?? options.host;
  let receiver: SmtpReceiver | undefined = await listenOrExplain(
    'The mail inbox (SMTP)',
    'INBOX_SMTP_PORT',
    { host: smtpHost, port: options.smtpPort },
    () => startSmtpReceiver({ store, host: smtpHost, port: options.smtpPort, logger }),
  );
  const smtpPort = receiver.port;
  let app: FastifyInstance | undefined;
  try {
    app = await buildInboxApp({
      store,
      logger: logger as FastifyBaseLogger,
      smtpListening: () => receiver !== undefined,
      accessToken: options.accessToken,
    });
    const web = app;
    await listenOrExplain('The mail inbox (web)', 'INBOX_WEB_PORT', { host: options.host, port: options.webPort }, () =>
      web.listen({ port: options.webPort, host: options.host }),
    );
  } catch (error) {
    await receiver.close();
    throw error;
  }
  const address = app.server.address();
  const webPort = address && typeof address === 'object' ? address.port : options.webPort;
  const webHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    smtpPort,
    webUrl: `http://${webHost === '0.0.0.0' ? 'localhost' : webHost}:${webPort}`,
    store,
    async stopSmtp() {
      await receiver?.close();
      receiver = undefined;
    },
    async startSmtp() {
      receiver ??= await startSmtpReceiver({ store, host: smtpHost, port: smtpPort, logger });
    },
    async stop() {
      await receiver?.close();
      receiver = undefined;
      await app?.close();
    },
  };
}
