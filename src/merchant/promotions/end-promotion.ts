import type { Kysely } from 'kysely';
import type { MerchantDatabase, Promotion } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { endPromotionAt, findPromotionByCode, findPromotionById } from './promotion-repository.ts';
import { normalizeCode } from './promotion-rules.ts';

export type EndPromotionResult =
  | { ok: true; promotion: Promotion }
  | { ok: false; reason: 'unknown_promotion' | 'already_ended' };

/**
 * Ends a promotion now (the app's clock): from this instant its code is refused as expired and it leaves the list of
 * valid discounts. Orders that took it keep their discount. Named by id or by code.
 */
export async function endPromotion(
  deps: { db: Kysely<MerchantDatabase>; clock: Clock },
  which: { id: number } | { code: string },
): Promise<EndPromotionResult> {
  const found =
    'id' in which
      ? await findPromotionById(deps.db, which.id)
      : await findPromotionByCode(deps.db, normalizeCode(which.code));
  if (!found) return { ok: false, reason: 'unknown_promotion' };
  const ended = await endPromotionAt(deps.db, found.id, deps.clock.now());
  return ended ? { ok: true, promotion: ended } : { ok: false, reason: 'already_ended' };
}
