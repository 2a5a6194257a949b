import type { PaymentAttempt, PaymentAttemptStatus } from '../../db/schema.ts';
import { pausePoint } from '../../shared/pause-point.ts';
import type { GatewaySession } from '../gateway/payment-gateway.ts';
import { findAttemptById, transitionAttempt } from './attempt-repository.ts';
import { isOpenAttempt } from './attempt-states.ts';
import type { PaymentDeps } from './payment-deps.ts';
import { recordAuthorization } from './record-authorization.ts';

export type CompletionSource =
  | 'return'
  | 'notification'
  | 'reconciliation'
  | 'result_page'
  /** A new attempt of the same order is about to start: every open one is settled against the bank first. */
  | 'before_new_attempt';

/**
 * The one way an attempt paid on the bank's hosted page (an order payment or a card verification) is settled,
 * whoever asks: the customer's return through "torna al negozio", the bank's notification, the reconciliation job, a
 * waiting page refreshing itself, or a second tab about to start another attempt. It asks the bank for the
 * authoritative status (never trusting what the caller was told), then applies it once: every write is a
 * compare-and-set or sits behind the order's row lock, so running it twice, concurrently, or in any order changes
 * nothing more than once. Returns the attempt as it stands afterwards. A caller that has just read the attempt passes
 * it instead of its id (no second read: every write below checks the state it expects anyway).
 */
export async function completeAttempt(
  deps: PaymentDeps,
  attemptOrId: number | PaymentAttempt,
  source: CompletionSource,
): Promise<PaymentAttempt> {
  let attempt = typeof attemptOrId === 'number' ? await findAttemptById(deps.db, attemptOrId) : attemptOrId;
  if (!attempt) throw new Error(`payment attempt ${attemptOrId} not found`);
  if (attempt.purpose === 'renewal_charge') return attempt;
  if (!isOpenAttempt(attempt.status) && attempt.status !== 'needs_attention') return attempt;

  const session = await authoritativeSession(deps, attempt);
  if (!session) return attempt;
  if (attempt.status === 'created') {
    attempt = await settle(deps, attempt, 'redirected', 'bank session found', {
      bank_session_id: session.id,
      redirect_url: session.redirectUrl,
    });
    if (attempt.status !== 'redirected') return attempt;
  }

  const at = deps.clock.now();
  const ended = { completed_at: at };
  switch (session.status) {
    case 'pending':
      return attempt;
    case 'authenticating':
      return attempt.status === 'redirected'
        ? settle(deps, attempt, 'authenticating', '3-D Secure under way')
        : attempt;
    case 'expired':
      return settle(deps, attempt, 'abandoned', `bank session expired (${source})`, ended);
    case 'cancelled':
      // The customer's "Annulla pagamento" at the bank gives the payment up (abandoned, like a session left to
      // expire); Cassa's own cancel replaced it with another attempt (cancelled).
      return session.cancelledBy === 'customer'
        ? settle(deps, attempt, 'abandoned', `cancelled by the customer at the bank (${source})`, ended)
        : settle(deps, attempt, 'cancelled', `bank session cancelled (${source})`, ended);
    case 'voided':
      // Released before we recorded it (the authorization lapsed): no money moved.
      return settle(deps, attempt, 'abandoned', `authorization released before it was recorded (${source})`, ended);
    case 'declined':
    case 'failed':
      return settle(deps, attempt, session.status, `${session.declineReason ?? 'unknown'} (${source})`, {
        ...ended,
        decline_reason: session.declineReason ?? 'unknown',
        decline_kind: session.declineKind,
        card_brand: session.paymentMethod?.brand ?? null,
        card_last4: session.paymentMethod?.last4 ?? null,
      });
    case 'authorized':
    case 'captured': {
      await pausePoint('payment.authorized.unrecorded');
      const outcome = await deps.db.transaction().execute((trx) =>
        recordAuthorization(trx, {
          attemptId: attempt.id,
          orderId: attempt.order_id,
          session,
          at,
          renewalLeadDays: deps.renewalLeadDays,
          timeZone: deps.timeZone,
          fiscalProvider: deps.fiscalProvider,
        }),
      );
      if (outcome.kind === 'recorded') {
        deps.logger.info(
          { attempt: outcome.attempt.public_id, source, status: outcome.attempt.status },
          'payment recorded',
        );
      }
      return outcome.attempt;
    }
  }
}

/** The bank's current view of the attempt's session; for an attempt whose creation answer was lost, found by reference. */
async function authoritativeSession(deps: PaymentDeps, attempt: PaymentAttempt): Promise<GatewaySession | undefined> {
  if (attempt.bank_session_id) {
    const session = await deps.gateway.getPaymentSession(attempt.bank_session_id);
    if (!session) deps.logger.error({ attempt: attempt.public_id }, 'the bank does not know the attempt’s session');
    return session;
  }
  const sessions = await deps.gateway.findPaymentSessions(attempt.public_id);
  if (sessions.length > 1) {
    deps.logger.error({ attempt: attempt.public_id, count: sessions.length }, 'several bank sessions for one attempt');
  }
  return sessions[0];
}

/** Moves the attempt (compare-and-set) and returns it as it stands, whether this call or a concurrent one moved it. */
async function settle(
  deps: PaymentDeps,
  attempt: PaymentAttempt,
  to: PaymentAttemptStatus,
  reason: string,
  set: Parameters<typeof transitionAttempt>[1]['set'] = {},
): Promise<PaymentAttempt> {
  let current = attempt;
  for (let tries = 0; tries < 3; tries++) {
    const moved = await transitionAttempt(deps.db, {
      attemptId: current.id,
      from: current.status,
      to,
      reason,
      at: deps.clock.now(),
      set,
    });
    if (moved.ok) return moved.attempt;
    // Lost to a concurrent writer: if it only moved the attempt along (redirected → authenticating), try again from
    // there; if it settled it, its answer stands.
    current = (await findAttemptById(deps.db, attempt.id)) ?? current;
    if (!isOpenAttempt(current.status) || moved.reason !== 'state_changed') return current;
  }
  return current;
}
