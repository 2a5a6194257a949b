import type { Kysely } from 'kysely';
import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { MerchantDatabase } from '../../db/schema.ts';
import { DONE, drainQueue, type JobOutcome, type QueueDefinition } from '../../jobs/worker.ts';
import type { Clock } from '../../shared/clock.ts';
import { pausePoint } from '../../shared/pause-point.ts';
import { type EmailAttachment, fiscalAttachmentsOf } from '../invoices/email-attachments.ts';
import type { EmailSettings } from './email-content.ts';
import {
  countEmailAttempt,
  EMAIL_QUEUE,
  findEmail,
  markEmailFailed,
  markEmailSent,
  recordEmailError,
} from './outbox-repository.ts';
import { type RenderedEmail, renderOutboxEmail } from './render-email.ts';

export interface DeliveryOptions {
  /**
   * How long a claim holds an email; a running send renews it (heartbeat), so this only bounds how long an email
   * waits after its worker died mid-send. On start, a process releases the claims it can prove dead at once.
   */
  leaseMs: number;
  batchSize: number;
  /** How many emails one worker sends at once (the SMTP pool's connections). */
  parallel: number;
  /** First retry delay; doubles each attempt up to `retryMaxMs`, ±20 % jitter. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** After this long since the email was enqueued, a temporary failure becomes permanent. */
  giveUpAfterMs: number;
}

export const DEFAULT_DELIVERY_OPTIONS: DeliveryOptions = {
  leaseMs: 30_000,
  batchSize: 20,
  parallel: 5,
  retryBaseMs: 30_000,
  retryMaxMs: 3_600_000,
  giveUpAfterMs: 3 * 24 * 3_600_000,
};

export interface EmailDeliveryDeps {
  db: Kysely<MerchantDatabase>;
  transport: Pick<Transporter, 'sendMail'>;
  clock: Clock;
  logger: Logger;
  settings: EmailSettings;
  /** The From header. */
  from: string;
  options?: Partial<DeliveryOptions>;
}
export type DeliveryOutcome = 'sent' | 'retry' | 'failed';

/**
 * Whether an SMTP failure is worth retrying: a 5xx reply is the server's final word (unknown mailbox, refused
 * content); a 4xx reply, a timeout or a connection that failed or dropped may succeed later.
 */
export function classifySendError(error: unknown): { permanent: boolean; reason: string } {
  const e = (error ?? {}) as { responseCode?: unknown; code?: unknown; message?: unknown; response?: unknown };
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const detail =
    typeof e.response === 'string' ? e.response : typeof e.message === 'string' ? e.message : String(error);
  const reason = `${responseCode ?? (typeof e.code === 'string' ? e.code : 'error')}: ${detail}`.slice(0, 500);
  return { permanent: responseCode !== undefined && responseCode >= 500, reason };
}

/**
 * The delivery queue: each job renders one outbox row in its customer's language and sends it with the row's own
 * Message-ID, then records the outcome. A row marked sent is never sent again. The only way an email goes out twice
 * is a crash between the server's 250 and `markEmailSent`: the job runs again and the same message, same
 * Message-ID, is sent again — recognisable as the same message.
 */
export function emailQueue(deps: EmailDeliveryDeps): QueueDefinition<{ emailId: number }> {
  const options = { ...DEFAULT_DELIVERY_OPTIONS, ...deps.options };
  return {
    queue: EMAIL_QUEUE,
    backoff: { baseMs: options.retryBaseMs, maxMs: options.retryMaxMs },
    // Delivery gives up by age (giveUpAfterMs), not by count.
    maxAttempts: 100_000,
    leaseMs: options.leaseMs,
    batchSize: options.batchSize,
    parallel: options.parallel,
    handle: (payload) => deliverOne(deps, options, payload.emailId),
  };
}

/** Runs every email due now (tests and `mail` commands; the server's worker runs the same queue). */
export async function deliverDueEmails(deps: EmailDeliveryDeps): Promise<number> {
  return drainQueue({ db: deps.db, clock: deps.clock, logger: deps.logger, workerId: 'email' }, emailQueue(deps));
}

async function deliverOne(deps: EmailDeliveryDeps, options: DeliveryOptions, emailId: number): Promise<JobOutcome> {
  const email = await findEmail(deps.db, emailId);
  if (email?.status !== 'pending') return DONE;
  await countEmailAttempt(deps.db, email.id);
  const log = deps.logger.child({ emailId: email.id, template: email.template, attempt: email.attempts + 1 });
  let rendered: RenderedEmail;
  try {
    rendered = renderOutboxEmail(email, deps.settings);
  } catch (error) {
    const reason = `render: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500);
    await markEmailFailed(deps.db, email.id, reason);
    log.error({ reason }, 'email failed: it cannot be rendered');
    return DONE;
  }
  let attachments: EmailAttachment[];
  try {
    attachments = await fiscalAttachmentsOf(deps.db, email);
  } catch (error) {
    // The database unreachable, most likely: the email waits for its invoice rather than go without it.
    const reason = `attachments: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500);
    await recordEmailError(deps.db, email.id, reason);
    log.warn({ reason }, 'email not sent: its attachments could not be drawn; will retry');
    return { kind: 'retry', reason };
  }
  try {
    await deps.transport.sendMail({
      from: deps.from,
      to: email.toName ? { name: email.toName, address: email.to } : email.to,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      ...(attachments.length > 0 ? { attachments } : {}),
      messageId: email.messageId,
      headers: { 'Content-Language': email.locale, 'Auto-Submitted': 'auto-generated' },
    });
  } catch (error) {
    const { permanent, reason } = classifySendError(error);
    const now = deps.clock.now();
    const giveUp = now.getTime() - email.createdAt.getTime() >= options.giveUpAfterMs;
    if (permanent || giveUp) {
      await markEmailFailed(
        deps.db,
        email.id,
        giveUp && !permanent ? `gave up after ${email.attempts + 1} attempts: ${reason}` : reason,
      );
      log.error({ reason }, 'email failed permanently (see `npm run cassa -- mail failed`)');
      return DONE;
    }
    await recordEmailError(deps.db, email.id, reason);
    log.warn({ reason }, 'email not sent; will retry');
    return { kind: 'retry', reason };
  }
  await pausePoint('email.accepted.unmarked');
  await markEmailSent(deps.db, email.id, deps.clock.now());
  log.info('email sent');
  return DONE;
}
