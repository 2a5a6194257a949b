import { reconcileAttempt } from '../../background/merchant-queues.ts';
import { findAttemptByPublicId } from '../../payments/attempt-repository.ts';
import { isOpenAttempt } from '../../payments/attempt-states.ts';
import { defineAction } from '../actions/action-definition.ts';
import { backofficePaymentDeps, backofficeRenewalDeps } from '../backoffice-deps.ts';
import { orderPath } from '../lists/list-links.tsx';

interface Target {
  attempt: NonNullable<Awaited<ReturnType<typeof findAttemptByPublicId>>>;
  orderNumber: string;
}

const PUBLIC_ID = /^pa_[A-Za-z0-9]{1,60}$/u;

/**
 * "Verifica con la banca" (support): an attempt still open, or left for an operator (`needs_attention`), is asked
 * about now, by the same step the reconciliation job takes (background/merchant-queues.ts reconcileAttempt), so the
 * bank's answer is applied by the one set of rules.
 */
export const reconcilePayment = defineAction<Target>({
  path: '/pagamenti/:id/verifica',
  action: 'reconcile_attempt',
  async load(deps, params) {
    if (!params.id || !PUBLIC_ID.test(params.id)) return null;
    const attempt = await findAttemptByPublicId(deps.db, params.id);
    if (!attempt || attempt.order_id === null) return null;
    const order = await deps.db
      .selectFrom('orders')
      .select('number')
      .where('id', '=', attempt.order_id)
      .executeTakeFirstOrThrow();
    return { attempt, orderNumber: order.number };
  },
  unavailable: ({ attempt }, { t }) =>
    isOpenAttempt(attempt.status) || attempt.status === 'needs_attention'
      ? null
      : t('bo.reconcile.settled', { status: t(`bo.lists.attemptStatus.${attempt.status}`) }),
  title: ({ attempt }, { t }) => t('bo.reconcile.title', { payment: attempt.public_id }),
  consequences: ({ attempt }, { t }) => [
    t('bo.reconcile.ask', { status: t(`bo.lists.attemptStatus.${attempt.status}`) }),
    t('bo.reconcile.apply'),
    t('bo.reconcile.nothingElse'),
  ],
  submitLabel: ({ t }) => t('bo.reconcile.submit'),
  returnTo: ({ orderNumber }) => orderPath(orderNumber),
  async perform({ deps, target }) {
    await reconcileAttempt(
      { payments: backofficePaymentDeps(deps), renewals: backofficeRenewalDeps(deps) },
      Number(target.attempt.id),
    );
    const after = await findAttemptByPublicId(deps.db, target.attempt.public_id);
    return {
      ok: true,
      audit: {
        objectType: 'payment',
        objectId: target.attempt.public_id,
        customerId: target.attempt.customer_id,
        orderId: target.attempt.order_id,
        before: { status: target.attempt.status },
        after: { status: after?.status ?? target.attempt.status },
      },
    };
  },
});
