import type { BankContext } from '../bank-deps.ts';
import { insertCard } from '../cards/card-repository.ts';
import type { CardFormInput, CardValidation } from '../cards/card-validation.ts';
import { validateCardForm } from '../cards/card-validation.ts';
import { encryptCardNumber } from '../cards/vault-cards.ts';
import type { PaymentSessionRow } from '../db/schema.ts';
import { newId } from '../ids.ts';

export type EnterCardResult =
  | { kind: 'entered' }
  | { kind: 'invalid'; errors: Extract<CardValidation, { ok: false }>['errors'] }
  | { kind: 'not_awaiting_card' };

/**
 * The card form, posted: validated, then the number goes into the vault as a transient card of this customer. The CVV
 * is checked for shape and dropped here: it is never stored, and it leaves this function only inside the validation.
 */
export async function enterCard(
  ctx: BankContext,
  session: PaymentSessionRow,
  input: CardFormInput,
): Promise<EnterCardResult> {
  if (session.status !== 'awaiting_card' || session.uses_saved_card) return { kind: 'not_awaiting_card' };
  const validation = validateCardForm(input, ctx.clock.now(), ctx.config.timeZone);
  if (!validation.ok) return { kind: 'invalid', errors: validation.errors };
  const { card } = validation;
  const token = newId('card');
  return ctx.db.transaction().execute(async (trx): Promise<EnterCardResult> => {
    await insertCard(trx, {
      token,
      merchant_id: session.merchant_id,
      customer_reference: session.customer_reference,
      status: 'transient',
      brand: card.brand,
      last4: card.number.last4,
      exp_month: card.expMonth,
      exp_year: card.expYear,
      holder: card.holder,
      pan_ciphertext: encryptCardNumber(ctx.vault, token, card.number),
      created_at: ctx.clock.now(),
    });
    // Only while the session still waits for a card; a card typed again replaces the previous one (which is erased).
    const previous = await trx
      .selectFrom('payment_sessions')
      .select('card_token')
      .where('id', '=', session.id)
      .where('status', '=', 'awaiting_card')
      .forUpdate()
      .executeTakeFirst();
    if (!previous) {
      await trx.deleteFrom('cards').where('token', '=', token).execute();
      return { kind: 'not_awaiting_card' };
    }
    await trx
      .updateTable('payment_sessions')
      .set({ card_token: token, updated_at: ctx.clock.now() })
      .where('id', '=', session.id)
      .execute();
    if (previous.card_token) {
      await trx
        .deleteFrom('cards')
        .where('token', '=', previous.card_token)
        .where('status', '=', 'transient')
        .execute();
    }
    return { kind: 'entered' };
  });
}
