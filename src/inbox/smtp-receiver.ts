import type { Logger } from 'pino';
import { SMTPServer } from 'smtp-server';
import type { InboxStore } from './inbox-store.ts';

const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

export interface SmtpReceiver {
  port: number;
  close(): Promise<void>;
}

/**
 * The inbox's SMTP side: a real SMTP server (no auth, no TLS: it listens on loopback for development) that stores
 * every message it accepts. It answers 250 only after the message is on disk, so a sender that got 250 can rely on it.
 */
export async function startSmtpReceiver(options: {
  store: InboxStore;
  host: string;
  port: number;
  logger: Logger;
}): Promise<SmtpReceiver> {
  const { store, logger } = options;
  const server = new SMTPServer({
    name: 'cassa-inbox',
    banner: 'Cassa mail inbox',
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: MAX_MESSAGE_BYTES,
    // An idle pooled sender holds its connection open; on close, tell it 421 after a second instead of 30.
    closeTimeout: 1000,
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(Object.assign(new Error('552 message too large'), { responseCode: 552 }));
          return;
        }
        store.add(Buffer.concat(chunks)).then(
          (message) => {
            logger.debug({ id: message.id, subject: message.subject }, 'inbox received a message');
            callback();
          },
          (error: unknown) => {
            logger.error({ err: error }, 'inbox could not store a message');
            callback(Object.assign(new Error('451 could not store the message'), { responseCode: 451 }));
          },
        );
      });
    },
  });
  server.on('error', (error) => logger.warn({ err: error }, 'inbox SMTP error'));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address();
  const port = address && typeof address === 'object' ? address.port : options.port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
