import { type Command, CommandUsageError } from '../../admin/commands.ts';
import type { PromotionAppliesTo } from '../../db/schema.ts';
import { businessDate } from '../../shared/business-time.ts';
import { formatMoney } from '../../shared/money.ts';
import { createPromotion, type PromotionDiscount } from './create-promotion.ts';
import { endPromotion } from './end-promotion.ts';
import { listAllPromotions, type PromotionView } from './list-promotions.ts';

const USAGE = [
  'usage: promotions list',
  '       promotions create --campaign NAME (--percent 20 | --amount 5.00) --until YYYY-MM-DD',
  '                         [--code CODE] [--product CODE|all] [--applies-to purchase|renewal|both] [--from YYYY-MM-DD]',
  '       promotions end <id|CODE>',
].join('\n');

const CREATE_OPTIONS = ['campaign', 'code', 'percent', 'amount', 'product', 'applies-to', 'from', 'until'] as const;
type CreateOption = (typeof CREATE_OPTIONS)[number];

/**
 * `npm run cassa -- promotions list|create|end`: the operators' hands on discounts until the API and the back office
 * have theirs (they will call the same use cases). Every refusal is a usage error that says what to fix.
 */
export const promotionsCommand: Command = {
  description:
    'promotions list · promotions create --campaign … (--percent N | --amount E) --until D · promotions end <id|code>',
  async run({ merchantDb, clock, config }, args, report) {
    const [action, ...rest] = args;
    const deps = { db: merchantDb, clock, timeZone: config.businessTimeZone };
    switch (action) {
      case 'list': {
        if (rest.length > 0) throw new CommandUsageError(USAGE);
        const views = await listAllPromotions(deps);
        for (const view of views) report({ type: 'line', text: describePromotion(view) });
        return views.length === 0 ? 'no promotions' : `${views.length} promotion(s)`;
      }
      case 'create': {
        const options = parseOptions(rest);
        const result = await createPromotion(deps, {
          campaign: required(options, 'campaign'),
          code: options.code ?? null,
          productCode: !options.product || options.product === 'all' ? null : options.product,
          discount: parseDiscount(options),
          appliesTo: parseAppliesTo(options['applies-to']),
          validFrom: options.from ?? businessDate(clock.now(), config.businessTimeZone),
          validUntil: required(options, 'until'),
        });
        if (!result.ok) {
          if (result.reason === 'invalid') throw new CommandUsageError(`${result.problems.join('\n')}\n${USAGE}`);
          if (result.reason === 'unknown_product') {
            throw new CommandUsageError(`unknown product "${result.productCode}" (or "all" for every product)`);
          }
          throw new CommandUsageError(`the code ${result.code} is already used by another promotion`);
        }
        return `created promotion #${result.promotion.id}${result.promotion.code ? ` (code ${result.promotion.code})` : ''}`;
      }
      case 'end': {
        const [which] = rest;
        if (!which || rest.length > 1) throw new CommandUsageError(USAGE);
        const result = await endPromotion(
          deps,
          /^[1-9]\d{0,15}$/.test(which) ? { id: Number(which) } : { code: which },
        );
        if (!result.ok) {
          throw new CommandUsageError(
            result.reason === 'unknown_promotion'
              ? `no promotion "${which}"`
              : `promotion "${which}" was ended already`,
          );
        }
        return `ended promotion #${result.promotion.id}: its code is refused from now on`;
      }
      default:
        throw new CommandUsageError(USAGE);
    }
  },
};

function parseOptions(args: readonly string[]): Partial<Record<CreateOption, string>> {
  const options: Partial<Record<CreateOption, string>> = {};
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i]?.replace(/^--/, '') as CreateOption;
    const value = args[i + 1];
    if (!args[i]?.startsWith('--') || !CREATE_OPTIONS.includes(name)) {
      throw new CommandUsageError(`unknown option "${args[i]}"\n${USAGE}`);
    }
    if (value === undefined || value.startsWith('--')) throw new CommandUsageError(`--${name} needs a value\n${USAGE}`);
    options[name] = value;
  }
  return options;
}

function required(options: Partial<Record<CreateOption, string>>, name: CreateOption): string {
  const value = options[name];
  if (value === undefined) throw new CommandUsageError(`--${name} is required\n${USAGE}`);
  return value;
}

/** "20" or "12.5" percent → basis points; "5" or "5.00" (or "5,00") euro → cents. Never through a float. */
function parseDiscount(options: Partial<Record<CreateOption, string>>): PromotionDiscount {
  const { percent, amount } = options;
  if ((percent === undefined) === (amount === undefined)) {
    throw new CommandUsageError(`give either --percent or --amount\n${USAGE}`);
  }
  const match = /^(\d{1,7})(?:[.,](\d{1,2}))?$/.exec((percent ?? amount) as string);
  if (!match) throw new CommandUsageError(`--${percent ? 'percent' : 'amount'} is a number such as 20 or 12.50`);
  const hundredths = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return percent !== undefined ? { kind: 'percent', basisPoints: hundredths } : { kind: 'amount', cents: hundredths };
}

function parseAppliesTo(value: string | undefined): PromotionAppliesTo {
  if (value === undefined) return 'both';
  if (value === 'purchase' || value === 'renewal' || value === 'both') return value;
  throw new CommandUsageError(`--applies-to is purchase (first purchase only), renewal or both`);
}

/** One line of `promotions list`. */
export function describePromotion({ promotion, product, lastValidDay, standing }: PromotionView): string {
  const discount =
    promotion.discount_kind === 'percent'
      ? `${(promotion.percent_bp ?? 0) / 100}% off`
      : `${formatMoney(promotion.amount_cents ?? 0, 'en')} off`;
  const kinds = { purchase: 'first purchases', renewal: 'renewals', both: 'purchases and renewals' }[
    promotion.applies_to
  ];
  const state = promotion.ended_at ? 'ended' : standing.kind === 'not_yet_valid' ? 'not yet valid' : standing.kind;
  return [
    `#${promotion.id}`,
    promotion.code ?? '(no code)',
    promotion.campaign,
    discount,
    `${product?.code ?? 'all products'}, ${kinds}`,
    `${promotion.valid_from} → ${lastValidDay}`,
    state,
  ].join(' · ');
}
