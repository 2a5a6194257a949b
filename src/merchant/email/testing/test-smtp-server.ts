import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  messageId: string;
  to: string[];
  /** The To and From headers as written, display names included. */
  toHeader: string;
  fromHeader: string;
  subject: string;
  text: string;
  html: string;
  contentLanguage: string | undefined;
}

/** How the server answers: accept, 421 at the greeting (busy / shutting down), or 550 on the recipient. */
export type SmtpMode = 'accept' | 'busy' | 'reject';

/**
 * A real SMTP server on loopback for delivery tests (smtp-server + mailparser): it can answer as a busy or refusing
 * server and be stopped and started again on the same port, and it records every message it accepted.
 */
export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  mode: SmtpMode = 'accept';
  private server: SMTPServer | undefined;
  port = 0;

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 200,
      onConnect: (_session, callback) => {
        if (this.mode === 'busy') callback(Object.assign(new Error('Service busy, try later'), { responseCode: 421 }));
        else callback();
      },
      onRcptTo: (address, _session, callback) => {
        if (this.mode === 'reject') {
          callback(Object.assign(new Error(`5.1.1 <${address.address}>: no such mailbox`), { responseCode: 550 }));
        } else callback();
      },
      onData: (stream, _session, callback) => {
        simpleParser(stream).then(
          (mail) => {
            this.received.push({
              messageId: mail.messageId ?? '',
              to: (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((g) =>
                g.value.map((a) => a.address ?? ''),
              ),
              toHeader: (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).map((g) => g.text).join(', '),
              fromHeader: mail.from?.text ?? '',
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
              contentLanguage: mail.headers.get('content-language') as string | undefined,
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    server.on('error', () => {});
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as { port: number }).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  countOf(messageId: string): number {
    return this.received.filter((mail) => mail.messageId === messageId).length;
  }
}
