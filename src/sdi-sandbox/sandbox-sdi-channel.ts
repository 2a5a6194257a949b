import type { Logger } from 'pino';
import type { SdiChannel, SdiFile, SdiNotification, SdiTransmission } from '../merchant/invoices/sdi-channel.ts';
import { listNotifications, receiveFile, type SandboxNotification, type SandboxSdiDeps } from './sandbox-sdi.ts';
import { notificationFileName } from './sdi-notification-xml.ts';

/**
 * The SdI port over the sandbox SdI, in-process: a call is a function call on the sandbox's own tables, no HTTP. The
 * identificativo SdI travels as its decimal digits, as a real channel's would.
 */
export class SandboxSdiChannel implements SdiChannel {
  constructor(
    private readonly deps: SandboxSdiDeps,
    private readonly logger?: Pick<Logger, 'warn'>,
  ) {}

  async transmit(file: SdiFile): Promise<SdiTransmission> {
    try {
      const receipt = await receiveFile(this.deps, file);
      if (!receipt.received)
        return {
          ok: false,
          retryable: false,
          reason: receipt.error.message,
          code: receipt.error.code,
          earlier: { sdiId: String(receipt.earlier.sdiId), sameFile: receipt.earlier.sameFile },
        };
      return { ok: true, sdiId: String(receipt.sdiId), receivedAt: receipt.receivedAt };
    } catch (error) {
      // The sandbox's database unreachable is the channel down: worth another try later, as for a real one.
      this.logger?.warn({ err: error, fileName: file.fileName }, 'the sandbox SdI could not receive a file');
      return { ok: false, retryable: true, reason: error instanceof Error ? error.message : String(error) };
    }
  }

  async notifications(sdiId: string): Promise<SdiNotification[]> {
    if (!/^[1-9]\d{0,14}$/u.test(sdiId)) return [];
    const found = await listNotifications(this.deps, Number(sdiId));
    return found.map(toPort);
  }
}

function toPort(notification: SandboxNotification): SdiNotification {
  const base = {
    sdiId: String(notification.sdiId),
    messageId: String(notification.messageId),
    fileName: notificationFileName(notification.fileName, notification.kind),
    issuedAt: notification.issuedAt,
    xml: notification.xml,
  };
  return notification.kind === 'RC'
    ? { ...base, kind: 'RC', deliveredAt: notification.issuedAt }
    : { ...base, kind: 'NS', errors: notification.errors };
}
