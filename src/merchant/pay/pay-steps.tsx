import type { SafeHtml } from '../../shared/html/jsx-runtime.ts';
import { type PaymentStep, StepIndicator } from '../../shared/html/step-indicator.tsx';
import type { PageContext } from '../web/layout.tsx';

/** The payment's step indicator in Pagamenti's words (the bank shows the same steps in its own). */
export function PaySteps(props: { page: PageContext; current: PaymentStep }): SafeHtml {
  const { t } = props.page.i18n;
  return (
    <StepIndicator
      label={t('pay.steps.label')}
      steps={{
        method: t('pay.steps.method'),
        order: t('pay.steps.order'),
        card: t('pay.steps.card'),
        authorization: t('pay.steps.authorization'),
        result: t('pay.steps.result'),
      }}
      current={props.current}
    />
  );
}
