import type { Kysely } from 'kysely';
import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import type { EmailSettings } from './email-content.ts';
import type { EmailMessages, EmailTemplate } from './email-messages.ts';
import {
  claimDueEmails,
  markEmailFailed,
  markEmailSent,
  type OutboxEmail,
  scheduleEmailRetry,
} from './outbox-repository.ts';
import { isEmailTemplate, renderEmail } from './render-email.ts';

export interface DeliveryOptions {
  /** How long a claim holds a row; a worker that dies mid-send leaves it to be taken again after this. */
  leaseMs: number;
  batchSize: number;
  pollIntervalMs: number;
  /** First retry delay; doubles each attempt up to `retryMaxMs`, ±20 % jitter. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** After this long since the email was enqueued, a temporary failure becomes permanent. */
  giveUpAfterMs: number;
}

export const DEFAULT_DELIVERY_OPTIONS: DeliveryOptions = {
  leaseMs: 5 * 60_000,
  batchSize: 20,
  pollIntervalMs: 1_000,
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

/** The delay before the next try after `attempts` tries. */
export function retryDelayMs(attempts: number, options: DeliveryOptions, random: () => number = Math.random): number {
  const base = Math.min(options.retryBaseMs * 2 ** Math.max(0, attempts - 1), options.retryMaxMs);
  return Math.round(base * (0.8 + 0.4 * random()));
}

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
 * One pass: claims due emails, renders each in its customer's language and sends it with the row's own Message-ID,
 * then records the outcome. A row marked sent is never claimed again. The only way an email goes out twice is a
 * crash (or lost database) between the server's 250 and `markEmailSent`: the lease lapses and the same message,
 * same Message-ID, is sent again — recognisable as the same message. Returns how many rows it claimed.
 */
export async function deliverDueEmails(deps: EmailDeliveryDeps): Promise<number> {
  const options = { ...DEFAULT_DELIVERY_OPTIONS, ...deps.options };
  const claimed = await claimDueEmails(deps.db, deps.clock.now(), options.leaseMs, options.batchSize);
  await Promise.all(claimed.map((email) => deliverOne(deps, options, email)));
  return claimed.length;
}

async function deliverOne(
  deps: EmailDeliveryDeps,
  options: DeliveryOptions,
  email: OutboxEmail,
): Promise<DeliveryOutcome> {
  const log = deps.logger.child({ emailId: email.id, template: email.template, attempt: email.attempts });
  let rendered: ReturnType<typeof renderEmail>;
  try {
    if (!isEmailTemplate(email.template)) throw new Error(`unknown template "${email.template}"`);
    rendered = renderEmail(
      email.template,
      email.data as unknown as EmailMessages[EmailTemplate],
      email.locale,
      deps.settings,
    );
  } catch (error) {
    const reason = `render: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500);
    await markEmailFailed(deps.db, email, reason);
    log.error({ reason }, 'email failed: it cannot be rendered');
    return 'failed';
  }
  try {
    await deps.transport.sendMail({
      from: deps.from,
      to: email.to,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
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
        email,
        giveUp && !permanent ? `gave up after ${email.attempts} attempts: ${reason}` : reason,
      );
      log.error({ reason }, 'email failed permanently (see `npm run cassa -- mail failed`)');
      return 'failed';
    }
    const next = new Date(now.getTime() + retryDelayMs(email.attempts, options));
    await scheduleEmailRetry(deps.db, email, next, reason);
    log.warn({ reason, nextAttemptAt: next.toISOString() }, 'email not sent; will retry');
    return 'retry';
  }
  if (!(await markEmailSent(deps.db, email, deps.clock.now()))) {
    // Another claim took over after our lease lapsed: it will record its own outcome.
    log.warn('email sent, but its claim had lapsed');
  } else {
    log.info('email sent');
  }
  return 'sent';
}

/**
 * The delivery loop: a pass every `pollIntervalMs`, back to back while there is due work. All state lives in the
 * outbox, so a restart resumes where the last process stopped. `stop()` waits for the pass in progress.
 */
export function startEmailDelivery(deps: EmailDeliveryDeps): { stop(): Promise<void> } {
  const options = { ...DEFAULT_DELIVERY_OPTIONS, ...deps.options };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const pass = async () => {
    try {
      while (!stopped && (await deliverDueEmails(deps)) > 0) {
        // keep going while the outbox has due work
      }
    } catch (error) {
      deps.logger.error({ err: error }, 'email delivery pass failed');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pass().finally(schedule);
    }, options.pollIntervalMs);
    timer.unref();
  };
  running = pass().finally(schedule);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
