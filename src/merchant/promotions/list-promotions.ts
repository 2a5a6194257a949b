import type { Kysely } from 'kysely';
import type { MerchantDatabase, Product, Promotion } from '../../db/schema.ts';
import { businessDate } from '../../shared/business-time.ts';
import type { Clock } from '../../shared/clock.ts';
import { listProducts } from '../catalog/product-repository.ts';
import { listPromotions, listPromotionsValidOn } from './promotion-repository.ts';
import { lastValidDay, type PromotionStanding, standingAt } from './promotion-rules.ts';

/** A promotion as pages and operators read it: its product (null: all), its last valid day and how it stands now. */
export interface PromotionView {
  promotion: Promotion;
  product: Product | null;
  lastValidDay: string;
  standing: PromotionStanding;
}

type Deps = { db: Kysely<MerchantDatabase>; clock: Clock; timeZone: string };

/** The promotions valid right now ("Riepilogo degli sconti validi"), ending soonest first. */
export async function listValidPromotions(deps: Deps): Promise<PromotionView[]> {
  const now = deps.clock.now();
  const promotions = await listPromotionsValidOn(deps.db, businessDate(now, deps.timeZone), now);
  return withProducts(deps, promotions, now);
}

/** Every promotion, valid or not (operators: `npm run cassa -- promotions list`). */
export async function listAllPromotions(deps: Deps): Promise<PromotionView[]> {
  return withProducts(deps, await listPromotions(deps.db), deps.clock.now());
}

async function withProducts(deps: Deps, promotions: Promotion[], now: Date): Promise<PromotionView[]> {
  if (promotions.length === 0) return [];
  const products = new Map((await listProducts(deps.db)).map((product) => [product.code, product]));
  return promotions.map((promotion) => ({
    promotion,
    product: promotion.product_code === null ? null : (products.get(promotion.product_code) ?? null),
    lastValidDay: lastValidDay(promotion, deps.timeZone),
    standing: standingAt(promotion, now, deps.timeZone),
  }));
}
