import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { MerchantDatabase, Promotion, PromotionAppliesTo } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { findProduct } from '../catalog/product-repository.ts';
import { insertPromotion } from './promotion-repository.ts';
import { normalizeCode, PROMOTION_CODE_PATTERN } from './promotion-rules.ts';

export type PromotionDiscount = { kind: 'percent'; basisPoints: number } | { kind: 'amount'; cents: number };

/** A new promotion, as the CLI (and later the API and the back office) hands it over. */
export interface NewPromotion {
  campaign: string;
  /** Optional; compared case-insensitively, stored upper-case. */
  code: string | null;
  /** A product code, or null for every product. */
  productCode: string | null;
  discount: PromotionDiscount;
  appliesTo: PromotionAppliesTo;
  /** Business days 'YYYY-MM-DD', both included. */
  validFrom: string;
  validUntil: string;
}

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD')
  .refine((value) => new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'not a calendar date');

const NewPromotionSchema = z
  .object({
    campaign: z
      .string()
      .trim()
      .min(1, 'the campaign needs a name')
      .max(80, 'a campaign name has at most 80 characters'),
    code: z
      .string()
      .transform(normalizeCode)
      .pipe(z.string().regex(PROMOTION_CODE_PATTERN, 'a code is 3-32 letters, digits, "-" or "_"'))
      .nullable(),
    productCode: z.string().nullable(),
    discount: z.discriminatedUnion('kind', [
      z.object({
        kind: z.literal('percent'),
        basisPoints: z.number().int().min(1, 'a percentage is more than 0').max(10_000, 'at most 100%'),
      }),
      z.object({ kind: z.literal('amount'), cents: z.number().int().min(1, 'an amount is at least 1 cent') }),
    ]),
    appliesTo: z.enum(['purchase', 'renewal', 'both']),
    validFrom: day,
    validUntil: day,
  })
  .refine((p) => p.validUntil >= p.validFrom, { message: 'the window ends before it starts', path: ['validUntil'] });

export type CreatePromotionResult =
  | { ok: true; promotion: Promotion }
  | { ok: false; reason: 'invalid'; problems: string[] }
  | { ok: false; reason: 'unknown_product'; productCode: string }
  | { ok: false; reason: 'code_taken'; code: string };

/** Creates a promotion after checking every field; a code already used by another promotion is refused. */
export async function createPromotion(
  deps: { db: Kysely<MerchantDatabase>; clock: Clock },
  input: NewPromotion,
): Promise<CreatePromotionResult> {
  const parsed = NewPromotionSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      reason: 'invalid',
      problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`),
    };
  }
  const promotion = parsed.data;
  if (promotion.productCode !== null && !(await findProduct(deps.db, promotion.productCode))) {
    return { ok: false, reason: 'unknown_product', productCode: promotion.productCode };
  }
  const inserted = await insertPromotion(deps.db, {
    campaign: promotion.campaign,
    code: promotion.code,
    product_code: promotion.productCode,
    discount_kind: promotion.discount.kind,
    percent_bp: promotion.discount.kind === 'percent' ? promotion.discount.basisPoints : null,
    amount_cents: promotion.discount.kind === 'amount' ? promotion.discount.cents : null,
    applies_to: promotion.appliesTo,
    valid_from: promotion.validFrom,
    valid_until: promotion.validUntil,
    created_at: deps.clock.now(),
  });
  if (!inserted) return { ok: false, reason: 'code_taken', code: promotion.code ?? '' };
  return { ok: true, promotion: inserted };
}
