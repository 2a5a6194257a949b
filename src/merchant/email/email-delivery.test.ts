import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import { merchantMigrations } from '../../db/migrations/index.ts';
import type { Locale, MerchantDatabase } from '../../db/schema.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/test-databases.ts';
import { claimJobs, releaseClaims } from '../../jobs/job-queue.ts';
import { ManualClock } from '../../shared/clock.ts';
import { insertCustomer } from '../customers/customer-repository.ts';
import { type DeliveryOptions, deliverDueEmails, type EmailDeliveryDeps } from './email-delivery.ts';
import { EMAIL_SAMPLES } from './email-samples.ts';
import { createMailTransport } from './mail-transport.ts';
import { EMAIL_QUEUE, enqueueEmail, listFailedEmails, markEmailSent, retryFailedEmail } from './outbox-repository.ts';
import { emailSettingsFrom } from './render-email.ts';
import { TestSmtpServer } from './testing/test-smtp-server.ts';

const config = loadConfig({});
const OPTIONS: Partial<DeliveryOptions> = { leaseMs: 60_000, retryBaseMs: 1_000, retryMaxMs: 60_000, batchSize: 20 };

describe.each(testDatabaseKinds())('email delivery over SMTP on %s', (kind) => {
  let database: Database<MerchantDatabase>;
  const smtp = new TestSmtpServer();
  const clock = new ManualClock(new Date('2030-01-01T00:00:00Z'));
  let deps: EmailDeliveryDeps;

  beforeAll(async () => {
    database = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations);
    await smtp.start();
    deps = worker();
  });
  afterAll(async () => {
    await smtp.stop();
    await database?.close();
  });
  beforeEach(async () => {
    await database.db.deleteFrom('email_outbox').execute();
    await database.db.deleteFrom('jobs').where('queue', '=', EMAIL_QUEUE).execute();
    smtp.received.length = 0;
    smtp.mode = 'accept';
    clock.advance(24 * 3_600_000);
  });

  function worker(): EmailDeliveryDeps {
    const transport = createMailTransport({
      ...config.mail,
      smtpUrl: undefined,
      inbox: { smtpPort: smtp.port, webPort: 0 },
    });
    return {
      db: database.db,
      transport,
      clock,
      logger: pino({ level: 'silent' }),
      settings: emailSettingsFrom(config),
      from: config.mail.from,
      options: OPTIONS,
    };
  }

  let sequence = 0;
  async function enqueue(locale: Locale = 'it', to = 'mario.rossi@example.com'): Promise<string> {
    const sample = EMAIL_SAMPLES.payment_confirmation[0]!;
    sequence += 1;
    await enqueueEmail(database.db, {
      dedupeKey: `payment_confirmation:order:${sequence}`,
      customerId: null,
      to,
      locale,
      template: sample.template,
      data: { ...sample.data, orderNumber: `ORD-2026-${String(sequence).padStart(6, '0')}` },
      at: clock.now(),
    });
    const row = await database.db
      .selectFrom('email_outbox')
      .select('message_id')
      .where('dedupe_key', '=', `payment_confirmation:order:${sequence}`)
      .executeTakeFirstOrThrow();
    return row.message_id;
  }
  const rows = () => database.db.selectFrom('email_outbox').selectAll().orderBy('id').execute();
  const jobs = () =>
    database.db.selectFrom('jobs').selectAll().where('queue', '=', EMAIL_QUEUE).orderBy('id').execute();

  it("sends each due email once, in its customer's language, with the row's Message-ID", async () => {
    const italian = await enqueue('it');
    const english = await enqueue('en', 'john.smith@example.com');
    expect(await deliverDueEmails(deps)).toBe(2);
    expect(await deliverDueEmails(deps)).toBe(0);
    expect(smtp.received).toHaveLength(2);
    const it = smtp.received.find((m) => m.messageId === italian)!;
    expect(it.subject).toMatch(/^Pagamento ricevuto — ordine ORD-2026-\d{6}$/);
    expect(it.contentLanguage).toBe('it');
    expect(it.html).toContain('<html lang="it"');
    expect(it.text).toContain('Totale IVA inclusa');
    const en = smtp.received.find((m) => m.messageId === english)!;
    expect(en).toMatchObject({ to: ['john.smith@example.com'], contentLanguage: 'en' });
    expect(en.subject).toMatch(/^Payment received — order ORD-2026-\d{6}$/);
    expect((await rows()).map((r) => [r.status, r.attempts, r.last_error])).toEqual([
      ['sent', 1, null],
      ['sent', 1, null],
    ]);
  });

  it('greets the customer by name and names them in To, from the provider; an email to another address greets no one', async () => {
    const customer = await insertCustomer(database.db, {
      email: `anna.verdi.${kind}@example.com`,
      passwordHash: 'x',
      name: 'Anna Verdi',
      locale: 'it',
      phone: null,
    });
    const sample = EMAIL_SAMPLES.payment_confirmation[0]!;
    for (const [key, to] of [
      ['named', customer.email],
      ['other', 'accounts@example.com'],
    ] as const) {
      await enqueueEmail(database.db, {
        dedupeKey: `greeting:${key}`,
        customerId: customer.id,
        to,
        locale: key === 'named' ? 'it' : 'en',
        template: sample.template,
        data: sample.data,
        at: clock.now(),
      });
    }
    expect(await deliverDueEmails(deps)).toBe(2);
    const named = smtp.received.find((m) => m.to[0] === customer.email)!;
    expect(named.text).toContain('Gentile Anna Verdi,');
    expect(named.html).toContain('Gentile Anna Verdi,');
    expect(named.toHeader).toBe(`"Anna Verdi" <${customer.email}>`);
    expect(named.fromHeader).toBe('"Servizi Certificati Demo" <noreply@cassa.local>');
    const other = smtp.received.find((m) => m.to[0] === 'accounts@example.com')!;
    expect(other.text).toContain('Dear customer,');
    expect(other.text).not.toContain('Anna');
  });

  it('loses and duplicates nothing while the SMTP server is down, then busy (421), then back', async () => {
    const ids = [await enqueue(), await enqueue(), await enqueue('en')];
    await smtp.stop();
    expect(await deliverDueEmails(deps)).toBe(3);
    let state = await rows();
    expect(state.every((r) => r.status === 'pending' && r.attempts === 1)).toBe(true);
    expect(state[0]!.last_error).toMatch(/ECONNECTION|ESOCKET|ECONNREFUSED/);
    expect((await jobs()).every((j) => j.status === 'queued' && j.run_at > clock.now())).toBe(true);
    expect(await deliverDueEmails(deps)).toBe(0); // backing off: nothing is due yet

    await smtp.start();
    smtp.mode = 'busy';
    clock.advance(2_000);
    expect(await deliverDueEmails(deps)).toBe(3);
    state = await rows();
    expect(state.every((r) => r.status === 'pending' && r.attempts === 2)).toBe(true);
    expect(state[0]!.last_error).toMatch(/^421/);
    // Backoff doubles: 1 s after the first try, about 2 s after the second.
    const delay = (await jobs())[0]!.run_at.getTime() - clock.now().getTime();
    expect(delay).toBeGreaterThanOrEqual(1_600);
    expect(delay).toBeLessThanOrEqual(2_400);

    smtp.mode = 'accept';
    clock.advance(60_000);
    expect(await deliverDueEmails(deps)).toBe(3);
    clock.advance(3_600_000);
    expect(await deliverDueEmails(deps)).toBe(0);
    expect(ids.map((id) => smtp.countOf(id))).toEqual([1, 1, 1]);
    expect(smtp.received).toHaveLength(3);
    expect((await rows()).map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it("marks an email failed with the server's reason on a permanent refusal (550), for operators to see", async () => {
    await enqueue('it', 'nobody@example.com');
    smtp.mode = 'reject';
    expect(await deliverDueEmails(deps)).toBe(1);
    clock.advance(3_600_000);
    expect(await deliverDueEmails(deps)).toBe(0);
    const [row] = await rows();
    expect(row).toMatchObject({ status: 'failed', attempts: 1, sent_at: null });
    expect(row!.last_error).toMatch(/^550: .*no such mailbox/);
    const failed = await listFailedEmails(database.db);
    expect(failed).toMatchObject([{ id: Number(row!.id), to: 'nobody@example.com', template: 'payment_confirmation' }]);

    // After the operator fixes the cause, a retry sends it (once, same Message-ID).
    smtp.mode = 'accept';
    expect(await retryFailedEmail(database.db, Number(row!.id), clock.now())).toBe(true);
    expect(await deliverDueEmails(deps)).toBe(1);
    expect(smtp.countOf(row!.message_id)).toBe(1);
  });

  it('takes over an email whose worker died mid-send once its lease ends, and never resends one marked sent', async () => {
    const id = await enqueue();
    const claim = { queue: EMAIL_QUEUE, limit: 10, leaseMs: 60_000, workerId: 'dead' };
    await claimJobs(database.db, { ...claim, now: clock.now() }); // a worker that then dies
    expect(await deliverDueEmails(deps)).toBe(0);
    clock.advance(59_000);
    expect(await deliverDueEmails(deps)).toBe(0);
    clock.advance(2_000);
    expect(await deliverDueEmails(deps)).toBe(1);
    expect(smtp.countOf(id)).toBe(1);
    // The dead worker's late answer cannot send or record it again.
    const [row] = await rows();
    expect(await markEmailSent(database.db, Number(row!.id), clock.now())).toBe(false);
    clock.advance(24 * 3_600_000);
    expect(await deliverDueEmails(deps)).toBe(0);
    expect(smtp.countOf(id)).toBe(1);
  });

  it('after a restart, an email its dead process had claimed is sent at once, not after the lease', async () => {
    const id = await enqueue();
    await claimJobs(database.db, {
      queue: EMAIL_QUEUE,
      limit: 10,
      leaseMs: 60_000,
      workerId: 'dead',
      now: clock.now(),
    });
    expect(await deliverDueEmails(deps)).toBe(0);
    // What the server does at start on the embedded database (one process: every claim is a dead one's).
    expect(await releaseClaims(database.db, { now: clock.now(), all: true })).toBe(1);
    expect(await deliverDueEmails(deps)).toBe(1);
    expect(smtp.countOf(id)).toBe(1);
    expect((await rows())[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('fails, without sending, an email whose data cannot be rendered', async () => {
    await enqueueEmail(database.db, {
      dedupeKey: 'broken',
      customerId: null,
      to: 'mario.rossi@example.com',
      locale: 'it',
      template: 'no_such_template' as 'service_expiring',
      data: EMAIL_SAMPLES.service_expiring[0]!.data,
      at: clock.now(),
    });
    expect(await deliverDueEmails(deps)).toBe(1);
    expect(smtp.received).toHaveLength(0);
    expect((await rows())[0]).toMatchObject({
      status: 'failed',
      last_error: 'render: unknown template "no_such_template"',
    });
  });

  it.runIf(kind === 'postgres')('sends each email once when two workers run at the same time', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) ids.push(await enqueue(i % 2 ? 'en' : 'it'));
    const [a, b] = [worker(), worker()].map((w) => ({ ...w, options: { ...OPTIONS, batchSize: 5 } }));
    const [byA, byB] = await Promise.all([deliverDueEmails(a!), deliverDueEmails(b!)]);
    expect(byA + byB).toBe(60);
    expect(byA).toBeGreaterThan(0);
    expect(byB).toBeGreaterThan(0);
    expect(smtp.received).toHaveLength(60);
    expect(ids.every((id) => smtp.countOf(id) === 1)).toBe(true);
    expect((await rows()).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });
});
