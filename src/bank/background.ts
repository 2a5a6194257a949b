import { purgeIdempotencyKeys } from './api/idempotency.ts';
import { purgeSignatureNonces } from './api/signature-nonces.ts';
import { bankContext } from './bank-context.ts';
import type { BankDeps } from './bank-deps.ts';
import { bankLogger } from './logging.ts';
import { deliverDueNotifications } from './notifications/notification-delivery.ts';
import { expireDueSessions } from './sessions/expire-sessions.ts';
import { purgeOtpFailures } from './three-ds/otp-failure-repository.ts';

/**
 * The bank's background loop: it delivers due notifications and, because a session that times out must notify its
 * merchant too, also ends sessions and challenges whose time is up (and lapses authorizations held too long), and
 * forgets what it no longer needs: idempotency keys past retention, nonces of signatures that are stale by now,
 * wrong OTP codes older than the per-card window.
 * All state lives in the database, so a restart resumes where the last process stopped. `stop()` waits for the
 * pass in progress.
 */
export function startNotificationDelivery(deps: BankDeps): { stop(): Promise<void> } {
  const ctx = bankContext({ ...deps, logger: bankLogger(deps.logger) });
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let lastPurge = 0;
  let lastMinutePurge = 0;

  const pass = async () => {
    try {
      await expireDueSessions(ctx);
      while (!stopped && (await deliverDueNotifications(ctx)) > 0) {
        // keep going while the outbox has due work
      }
      if (Date.now() - lastMinutePurge > 60_000) {
        lastMinutePurge = Date.now();
        await purgeSignatureNonces(ctx);
        const window = deps.config.otpCardLimit.windowSeconds * 1000;
        await purgeOtpFailures(ctx.db, new Date(ctx.clock.now().getTime() - window));
      }
      if (Date.now() - lastPurge > 3_600_000) {
        lastPurge = Date.now();
        await purgeIdempotencyKeys(ctx);
      }
    } catch (error) {
      ctx.logger.error({ err: error }, 'bank background pass failed');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pass().finally(schedule);
    }, deps.config.notifications.pollIntervalMs);
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
