import type { OrderState, SubscriptionStatus } from '../../db/schema.ts';
import type { SafeHtml } from '../../shared/html/jsx-runtime.ts';
import type { I18n } from '../web/i18n/i18n.ts';

const ORDER_TONE = { awaiting_payment: 'wait', paid: 'ok', cancelled: 'off' } as const satisfies Record<
  OrderState,
  string
>;
const SUBSCRIPTION_TONE = { pending: 'wait', active: 'ok', expired: 'off', cancelled: 'off' } as const satisfies Record<
  SubscriptionStatus,
  string
>;

export function OrderStateBadge(props: { i18n: I18n; state: OrderState }): SafeHtml {
  return <span class={`badge badge-${ORDER_TONE[props.state]}`}>{props.i18n.t(`order.state.${props.state}`)}</span>;
}

export function SubscriptionStatusBadge(props: { i18n: I18n; status: SubscriptionStatus }): SafeHtml {
  return (
    <span class={`badge badge-${SUBSCRIPTION_TONE[props.status]}`}>
      {props.i18n.t(`subscription.status.${props.status}`)}
    </span>
  );
}
