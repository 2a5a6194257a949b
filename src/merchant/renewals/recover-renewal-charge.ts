import type { PaymentAttempt } from '../../db/schema.ts';
import { findSavedCardById } from '../cards/saved-card-repository.ts';
import { applyChargeResult, renewalChargeCall } from './apply-charge-result.ts';
import type { RenewalDeps } from './renewal-deps.ts';

/**
 * A renewal charge whose answer we never recorded (the process stopped between the bank's answer and our commit):
 * the bank is asked for the charge by its reference — never charged again — and its answer applied once. Until then
 * the order's open attempt keeps the customer from paying it by hand ("Pagamento in corso") and any other charge.
 * Returns whether the attempt is settled now.
 */
export async function recoverRenewalCharge(deps: RenewalDeps, attempt: PaymentAttempt): Promise<boolean> {
  if (attempt.status !== 'created' && attempt.status !== 'needs_attention') return true;
  const call = renewalChargeCall(attempt);
  const [charge] = await deps.gateway.findCharges(call.reference);
  if (!charge) return false;
  const card = attempt.saved_card_id ? await findSavedCardById(deps.db, attempt.saved_card_id) : undefined;
  await deps.db.transaction().execute((trx) =>
    applyChargeResult(trx, deps, {
      attemptId: attempt.id,
      card: { brand: card?.brand ?? '', last4: card?.last4 ?? '' },
      result: charge,
    }),
  );
  deps.logger.warn({ attempt: attempt.public_id, charge: charge.id }, 'renewal charge recovered from the bank');
  return true;
}
