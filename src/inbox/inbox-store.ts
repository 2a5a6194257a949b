import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressObject } from 'mailparser';

/** A received message as the inbox shows it: what `GET /api/messages` returns for each. */
export interface InboxMessage {
  id: string;
  from: string;
  to: string[];
  subject: string;
  /** ISO timestamp: the Date header, or when it arrived if the header is missing. */
  date: string;
  receivedAt: string;
  text: string;
  html: string | null;
  messageId: string | null;
  headers: Array<[string, string]>;
  /**
   * How many times SMTP brought this message (same Message-ID). A mailbox keeps one copy, as Gmail does; a sender
   * that re-sends after a crash (its server's 250 arrived, its "sent" mark did not) shows here as 2.
   */
  deliveries: number;
}

/**
 * Received messages on disk: `<dir>/<id>.eml` is the raw message exactly as it came over SMTP, `<dir>/<id>.json` its
 * parsed form (the index). Ids sort by arrival, so "newest first" is a reverse sort. A missing or damaged index entry
 * is rebuilt from its .eml on open.
 */
export class InboxStore {
  private readonly messages = new Map<string, InboxMessage>();
  private sequence = 0;

  private constructor(readonly dir: string) {}

  static async open(dir: string): Promise<InboxStore> {
    fs.mkdirSync(dir, { recursive: true });
    const store = new InboxStore(dir);
    for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.eml'))) {
      const id = file.slice(0, -'.eml'.length);
      let message: InboxMessage | undefined;
      try {
        // Written before deliveries were counted: one delivery.
        const stored = JSON.parse(fs.readFileSync(path.join(dir, `${id}.json`), 'utf8')) as Partial<InboxMessage>;
        message = { ...stored, deliveries: stored.deliveries ?? 1 } as InboxMessage;
      } catch {
        const raw = fs.readFileSync(path.join(dir, file));
        message = await parseMessage(id, raw, fs.statSync(path.join(dir, file)).mtime);
        writeAtomically(path.join(dir, `${id}.json`), JSON.stringify(message));
      }
      store.messages.set(id, message);
    }
    return store;
  }

  /**
   * Stores a message received over SMTP, raw first (so nothing is lost if parsing fails), then its index entry. A
   * message whose Message-ID is already here is the same message delivered again: it is counted, not stored twice.
   */
  async add(raw: Buffer, receivedAt = new Date()): Promise<InboxMessage> {
    const id = `${receivedAt.getTime().toString().padStart(15, '0')}-${String(this.sequence++ % 1000).padStart(3, '0')}-${randomBytes(3).toString('hex')}`;
    const parsed = await parseMessage(id, raw, receivedAt);
    const earlier = parsed.messageId ? this.byMessageId(parsed.messageId) : undefined;
    if (earlier) {
      const again = { ...earlier, deliveries: earlier.deliveries + 1 };
      writeAtomically(path.join(this.dir, `${earlier.id}.json`), JSON.stringify(again));
      this.messages.set(earlier.id, again);
      return again;
    }
    writeAtomically(path.join(this.dir, `${id}.eml`), raw);
    writeAtomically(path.join(this.dir, `${id}.json`), JSON.stringify(parsed));
    this.messages.set(id, parsed);
    return parsed;
  }

  private byMessageId(messageId: string): InboxMessage | undefined {
    for (const message of this.messages.values()) if (message.messageId === messageId) return message;
    return undefined;
  }

  /** Newest first. */
  list(): InboxMessage[] {
    return [...this.messages.values()].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  }

  get(id: string): InboxMessage | undefined {
    return this.messages.get(id);
  }

  raw(id: string): Buffer | undefined {
    if (!this.messages.has(id)) return undefined;
    return fs.readFileSync(path.join(this.dir, `${id}.eml`));
  }

  clear(): number {
    const count = this.messages.size;
    for (const id of this.messages.keys()) {
      fs.rmSync(path.join(this.dir, `${id}.json`), { force: true });
      fs.rmSync(path.join(this.dir, `${id}.eml`), { force: true });
    }
    this.messages.clear();
    return count;
  }
}

async function parseMessage(id: string, raw: Buffer, receivedAt: Date): Promise<InboxMessage> {
  // Loaded on first use: mailparser is a fifth of a second of every start-up (docs/performance.md).
  const { simpleParser } = await import('mailparser');
  const parsed = await simpleParser(raw, { skipImageLinks: true });
  const headers: Array<[string, string]> = parsed.headerLines.map((line) => {
    const colon = line.line.indexOf(':');
    return [line.line.slice(0, colon), line.line.slice(colon + 1).trim()];
  });
  return {
    id,
    from: parsed.from?.value.map(formatAddress).join(', ') ?? '',
    to: addresses(parsed.to),
    subject: parsed.subject ?? '',
    date: (parsed.date ?? receivedAt).toISOString(),
    receivedAt: receivedAt.toISOString(),
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : null,
    messageId: parsed.messageId ?? null,
    headers,
    deliveries: 1,
  };
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  if (!field) return [];
  return (Array.isArray(field) ? field : [field]).flatMap((group) =>
    group.value.map((address) => address.address ?? address.name),
  );
}

function formatAddress(address: { name: string; address?: string | undefined }): string {
  if (!address.address) return address.name;
  return address.name ? `${address.name} <${address.address}>` : address.address;
}

function writeAtomically(file: string, content: string | Buffer): void {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}
