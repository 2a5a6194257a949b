import type { Customer, Product, SavedCard, Subscription } from '../../../db/schema.ts';
import { cardLabel } from '../../cards/card-display.ts';
import { findSavedCardById } from '../../cards/saved-card-repository.ts';
import { findCustomerById } from '../../customers/customer-repository.ts';
import { publicProductCode } from '../../public/public-ids.ts';
import { type AutoRenewRefusal, switchAutoRenewOff } from '../../renewals/auto-renew.ts';
import { findSubscriptionById } from '../../subscriptions/subscription-repository.ts';
import type { MessageKey } from '../../web/i18n/i18n.ts';
import { defineAction } from '../actions/action-definition.ts';
import { customerPath, idOfPath } from '../lists/list-links.tsx';

interface Target {
  subscription: Subscription;
  product: Product;
  customer: Pick<Customer, 'id' | 'email'>;
  card: SavedCard | null;
}

export function autoRenewOffPath(subscriptionId: number): string {
  return `/servizi/${subscriptionId}/rinnovo-automatico`;
}

const REFUSALS: Partial<Record<AutoRenewRefusal, MessageKey>> = {
  not_available: 'bo.autoRenewOff.notAvailable',
  already_off: 'bo.autoRenewOff.alreadyOff',
};

const serviceName = ({ subscription }: Target) =>
  `${publicProductCode(subscription.product_code)} · ${subscription.label}`;

/**
 * "Disattiva rinnovo automatico" for a customer who asked by phone or mail: through the customer's own switch
 * (switchAutoRenewOff), so the service, its event and the usual email are exactly what the customer's click makes.
 */
export const autoRenewOff = defineAction<Target>({
  path: '/servizi/:id/rinnovo-automatico',
  action: 'auto_renew_off',
  async load(deps, params) {
    const id = idOfPath(params.id);
    const subscription = id === null ? undefined : await findSubscriptionById(deps.db, id);
    if (!subscription) return null;
    const [product, customer, card] = await Promise.all([
      deps.db
        .selectFrom('products')
        .selectAll()
        .where('code', '=', subscription.product_code)
        .executeTakeFirstOrThrow(),
      findCustomerById(deps.db, subscription.customer_id),
      subscription.auto_renew_card_id === null
        ? undefined
        : findSavedCardById(deps.db, subscription.auto_renew_card_id),
    ]);
    if (!customer) return null;
    return { subscription, product, customer: { id: customer.id, email: customer.email }, card: card ?? null };
  },
  unavailable: ({ subscription, product }, { t }) =>
    !product.auto_renew_available
      ? t('bo.autoRenewOff.notAvailable')
      : !subscription.auto_renew
        ? t('bo.autoRenewOff.alreadyOff')
        : null,
  title: (target, { t }) => t('bo.autoRenewOff.title', { service: serviceName(target) }),
  consequences: (target, i18n) => [
    i18n.t('bo.autoRenewOff.effect', {
      card: target.card ? cardLabel(target.card) : '—',
      date: target.subscription.expires_on ? i18n.date(target.subscription.expires_on) : '—',
    }),
    i18n.t('bo.autoRenewOff.email', { email: target.customer.email }),
    i18n.t('bo.autoRenewOff.undo'),
  ],
  submitLabel: ({ t }) => t('autoRenew.deactivate'),
  returnTo: ({ customer }) => customerPath(customer.id),
  async perform({ deps, target, request }) {
    const { subscription, customer, card } = target;
    const result = await switchAutoRenewOff(
      {
        db: deps.db,
        clock: deps.clock,
        timeZone: deps.config.businessTimeZone,
        leadDays: deps.config.renewals.leadDays,
      },
      { customerId: customer.id, subscriptionId: Number(subscription.id) },
    );
    if (!result.ok) {
      // Switched off (or changed) by someone else since the confirmation was shown.
      return {
        ok: false,
        status: 409,
        message: request.i18n.t(REFUSALS[result.reason] ?? 'bo.autoRenewOff.alreadyOff'),
      };
    }
    return {
      ok: true,
      audit: {
        objectType: 'subscription',
        objectId: String(subscription.id),
        customerId: customer.id,
        before: { autoRenew: true, cardId: card ? Number(card.id) : null, card: card ? cardLabel(card) : null },
        after: { autoRenew: false, cardId: null },
      },
    };
  },
});
