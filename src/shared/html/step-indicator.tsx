import type { SafeHtml } from './jsx-runtime.ts';

/** The five steps of paying an order, from Pagamenti to the bank and back: Metodo → Ordine → Carta → Autorizzazione → Esito. */
export const PAYMENT_STEPS = ['method', 'order', 'card', 'authorization', 'result'] as const;
export type PaymentStep = (typeof PAYMENT_STEPS)[number];

/**
 * Where the customer is in the payment, as an ordered list: the current step carries `aria-current="step"`, the
 * steps before it are marked done. Pagamenti and the bank both render it (each with its own words, since neither
 * may read the other's messages), so the customer sees one journey across the two sites. It wraps on a narrow phone
 * instead of scrolling sideways; the styles are `.steps` in each app's stylesheet.
 */
export function StepIndicator(props: {
  /** The list's accessible name, e.g. "Passaggi del pagamento". */
  label: string;
  steps: Readonly<Record<PaymentStep, string>>;
  current: PaymentStep;
}): SafeHtml {
  const currentIndex = PAYMENT_STEPS.indexOf(props.current);
  return (
    <nav class="steps" aria-label={props.label}>
      <ol class="steps-list">
        {PAYMENT_STEPS.map((step, index) => (
          <li
            class={index < currentIndex ? 'step step-done' : index === currentIndex ? 'step step-current' : 'step'}
            aria-current={index === currentIndex ? 'step' : undefined}
          >
            {props.steps[step]}
          </li>
        ))}
      </ol>
    </nav>
  );
}
