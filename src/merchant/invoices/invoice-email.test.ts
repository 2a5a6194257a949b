import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../config.ts';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { type RunningInbox, startInbox } from '../../inbox/inbox.ts';
import { deliverDueEmails, type EmailDeliveryDeps } from '../email/email-delivery.ts';
import { createMailTransport } from '../email/mail-transport.ts';
import { emailSettingsFrom } from '../email/render-email.ts';
import { capturedPayment, openPaymentsKit, type PaymentsKit } from '../payments/test-payments.ts';
import { requestRefund } from '../refunds/request-refund.ts';
import { findInvoiceOfOrder } from './fiscal-document-repository.ts';

// Each file validated against the XSD takes 80 ms to 2 s (a worker thread per call, fatturapa-validate.ts): on a
// loaded 2-core machine a test of several files needs more than the default 30 s.
vi.setConfig({ testTimeout: 120_000 });

const config = loadConfig({ NODE_ENV: 'test' });

function pdfText(pdf: Buffer): string {
  const text = execFileSync('/usr/bin/pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf }).toString('utf8');
  return text.replace(/[\s\u00a0]+/gu, ' ');
}

describe.each(testDatabaseKinds())('the invoice and the credit note travel with their emails, on %s', (kind) => {
  let kit: PaymentsKit;
  let inbox: RunningInbox;
  let dataDir: string;
  let email: EmailDeliveryDeps;

  beforeAll(async () => {
    kit = await openPaymentsKit(kind);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cassa-invoice-email-'));
    inbox = await startInbox({
      dataDir,
      host: '127.0.0.1',
      smtpPort: 0,
      webPort: 0,
      logger: pino({ level: 'silent' }),
    });
    email = {
      db: kit.db,
      transport: createMailTransport({
        ...config.mail,
        smtpUrl: undefined,
        inbox: { smtpPort: inbox.smtpPort, webPort: 0 },
      }),
      clock: kit.clock,
      logger: pino({ level: 'silent' }),
      settings: emailSettingsFrom(config),
      from: config.mail.from,
    };
  }, 120_000);
  afterAll(async () => {
    await inbox?.stop();
    await kit?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** The messages the inbox received, parsed from their raw .eml as they came over SMTP. */
  async function received(subjectPart: string) {
    const dir = path.join(dataDir, 'inbox');
    const parsed = await Promise.all(
      fs
        .readdirSync(dir)
        .filter((file) => file.endsWith('.eml'))
        .map((file) => simpleParser(fs.readFileSync(path.join(dir, file)))),
    );
    return parsed.filter((message) => message.subject?.includes(subjectPart));
  }

  it('the payment confirmation carries the invoice PDF and links to Fatture; the refund email its credit note', async () => {
    const { order, attempt } = await capturedPayment(kit);
    const invoice = await findInvoiceOfOrder(kit.db, order.id);
    if (!invoice) throw new Error('no invoice');
    await deliverDueEmails(email);
    const [confirmation, ...others] = (await received(order.number)).filter((m) =>
      m.subject?.startsWith('Pagamento ricevuto'),
    );
    expect(others).toEqual([]);
    const [pdf, ...more] = confirmation?.attachments ?? [];
    expect(more).toEqual([]);
    expect(pdf).toMatchObject({
      contentType: 'application/pdf',
      filename: `Fattura ${invoice.number.replaceAll('/', '-')}.pdf`,
    });
    const text = pdfText(pdf?.content as Buffer);
    expect(text).toContain(order.number);
    expect(text).toContain(`Fattura n. ${invoice.number}`);
    expect(confirmation?.html).toContain(`${config.publicUrls.area}/fatture`);
    expect(confirmation?.text).toContain(`${config.publicUrls.area}/fatture`);

    const refunded = await requestRefund(kit.deps, {
      paymentPublicId: attempt.public_id,
      amountCents: 500,
      reason: 'Sconto',
      idempotencyKey: `invoice-email-${kind}-${Date.now()}`,
      requestedBy: 'operator:1',
    });
    expect(refunded.ok).toBe(true);
    await kit.runJobs();
    const note = await kit.db
      .selectFrom('fiscal_documents')
      .selectAll()
      .where('order_id', '=', order.id)
      .where('kind', '=', 'credit_note')
      .executeTakeFirstOrThrow();
    await deliverDueEmails(email);
    const [refundEmail] = (await received(order.number)).filter((m) => m.subject?.startsWith('Rimborso'));
    expect(refundEmail?.attachments).toMatchObject([
      { contentType: 'application/pdf', filename: `Nota di credito ${note.number.replaceAll('/', '-')}.pdf` },
    ]);
    const noteText = pdfText(refundEmail?.attachments[0]?.content as Buffer);
    expect(noteText).toContain(`Nota di credito n. ${note.number}`);
    expect(noteText).toContain(order.number);
  });
});
