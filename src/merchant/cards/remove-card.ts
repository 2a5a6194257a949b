import type { Kysely } from 'kysely';
import type { MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { recordCardEvent } from '../events/resource-events.ts';
import type { PaymentGateway } from '../gateway/payment-gateway.ts';
import { deactivate } from '../renewals/auto-renew.ts';
import { isCardExpired } from './card-display.ts';

export type CardChangeResult =
  | { ok: true; subscriptionIds: number[] }
  | { ok: false; reason: 'unknown_card' | 'same_card' | 'card_expired' };

/**
 * "Rimuovi": the card is deleted at the bank first (so a card removed here can never be charged there), then marked
 * removed here; every service renewing on it has automatic renewal switched off, each with an email. Running it twice
 * is harmless: the bank answers "not found" and the card is already removed.
 */
export async function removeSavedCard(
  deps: { db: Kysely<MerchantDatabase>; gateway: PaymentGateway; clock: Clock },
  input: { customerId: number; cardId: number },
): Promise<CardChangeResult> {
  const card = await deps.db
    .selectFrom('saved_cards')
    .selectAll()
    .where('id', '=', input.cardId)
    .where('customer_id', '=', input.customerId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  if (!card) return { ok: false, reason: 'unknown_card' };
  await deps.gateway.deleteSavedCard(card.bank_token);
  return deps.db.transaction().execute(async (trx) => {
    const at = deps.clock.now();
    const removed = await trx
      .updateTable('saved_cards')
      .set({ removed_at: at, is_default: false })
      .where('id', '=', card.id)
      .where('removed_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!removed) return { ok: false, reason: 'unknown_card' } as const;
    await recordCardEvent(trx, 'card.removed', card.id, at);
    const customer = await trx
      .selectFrom('customers')
      .select(['id', 'email', 'locale'])
      .where('id', '=', input.customerId)
      .executeTakeFirstOrThrow();
    const renewing = await trx
      .selectFrom('subscriptions')
      .selectAll()
      .where('auto_renew_card_id', '=', card.id)
      .orderBy('id')
      .forUpdate()
      .execute();
    for (const subscription of renewing) {
      const product = await trx
        .selectFrom('products')
        .selectAll()
        .where('code', '=', subscription.product_code)
        .executeTakeFirstOrThrow();
      await deactivate(trx, { subscription, product, customer, reason: 'card_removed', at });
    }
    // The customer keeps a default card if they have another one.
    const next = await trx
      .selectFrom('saved_cards')
      .select('id')
      .where('customer_id', '=', input.customerId)
      .where('removed_at', 'is', null)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    const hasDefault = await trx
      .selectFrom('saved_cards')
      .select('id')
      .where('customer_id', '=', input.customerId)
      .where('removed_at', 'is', null)
      .where('is_default', '=', true)
      .executeTakeFirst();
    if (next && !hasDefault)
      await trx.updateTable('saved_cards').set({ is_default: true }).where('id', '=', next.id).execute();
    return { ok: true, subscriptionIds: renewing.map((s) => s.id) } as const;
  });
}

/** "Sostituisci": every service renewing on one card moves to another saved, unexpired card of the customer. */
export async function replaceCardForRenewals(
  deps: { db: Kysely<MerchantDatabase>; clock: Clock; timeZone: string },
  input: { customerId: number; fromCardId: number; toCardId: number },
): Promise<CardChangeResult> {
  if (input.fromCardId === input.toCardId) return { ok: false, reason: 'same_card' };
  return deps.db.transaction().execute(async (trx) => {
    const cards = await trx
      .selectFrom('saved_cards')
      .selectAll()
      .where('customer_id', '=', input.customerId)
      .where('id', 'in', [input.fromCardId, input.toCardId])
      .where('removed_at', 'is', null)
      .forUpdate()
      .execute();
    const to = cards.find((c) => c.id === input.toCardId);
    if (cards.length !== 2 || !to) return { ok: false, reason: 'unknown_card' } as const;
    if (isCardExpired(to, deps.clock.now(), deps.timeZone)) return { ok: false, reason: 'card_expired' } as const;
    const moved = await trx
      .updateTable('subscriptions')
      .set({ auto_renew_card_id: to.id })
      .where('customer_id', '=', input.customerId)
      .where('auto_renew', '=', true)
      .where('auto_renew_card_id', '=', input.fromCardId)
      .returning('id')
      .execute();
    return { ok: true, subscriptionIds: moved.map((s) => s.id) } as const;
  });
}

/** The customer's saved cards with the services renewing on each (for "Carte di pagamento"). */
export async function listCardsWithRenewals(db: Kysely<MerchantDatabase>, customerId: number) {
  const [cards, renewing] = await Promise.all([
    db
      .selectFrom('saved_cards')
      .selectAll()
      .where('customer_id', '=', customerId)
      .where('removed_at', 'is', null)
      .orderBy('is_default', 'desc')
      .orderBy('id', 'desc')
      .execute(),
    db
      .selectFrom('subscriptions as s')
      .innerJoin('products as p', 'p.code', 's.product_code')
      .select(['s.id', 's.label', 's.auto_renew_card_id', 'p.name_it', 'p.name_en'])
      .where('s.customer_id', '=', customerId)
      .where('s.auto_renew', '=', true)
      .orderBy('s.id')
      .execute(),
  ]);
  return cards.map((card) => ({ card, services: renewing.filter((s) => s.auto_renew_card_id === card.id) }));
}
