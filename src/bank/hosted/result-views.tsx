import type { SafeHtml } from '../../shared/html/jsx-runtime.ts';
import { isDeclineCode } from '../charges/decline-codes.ts';
import type { CancelReason, PaymentSessionStatus, TransStatus } from '../db/schema.ts';
import { type Messages, messagesFor } from '../i18n/messages.ts';
import { Layout } from './layout.tsx';
import type { PaymentHeader } from './payment-views.tsx';

/** The words of an outcome: a title and a sentence the customer can act on (the result page, the app wait's news). */
export function outcomeWords(
  m: Messages,
  props: {
    payment: PaymentHeader;
    status: PaymentSessionStatus;
    declineCode: string | null;
    transStatus: TransStatus | null;
    cancelReason: CancelReason | null;
  },
): { title: string; text: string; ok: boolean } {
  switch (props.status) {
    case 'authorized':
    case 'captured':
      return {
        title: m.resultAuthorized,
        text: m.resultAuthorizedText(props.payment.amount, props.payment.merchantName),
        ok: true,
      };
    case 'voided':
      return { title: m.resultVoided, text: m.resultVoidedText, ok: false };
    case 'cancelled':
      return props.cancelReason === 'customer'
        ? { title: m.resultCancelledByCustomer, text: m.resultCancelledByCustomerText, ok: false }
        : { title: m.resultCancelled, text: m.resultCancelledText, ok: false };
    case 'expired':
      return { title: m.resultExpired, text: m.resultExpiredText, ok: false };
    default: {
      // The issuer refused to authenticate the card at all (transStatus R): too many wrong codes on this card.
      if (props.status === 'failed' && props.transStatus === 'R') {
        return { title: m.cardLockedTitle, text: m.cardLockedText, ok: false };
      }
      const title = props.status === 'declined' ? m.resultDeclined : m.resultFailed;
      return {
        title,
        text: isDeclineCode(props.declineCode) ? m.declineReasons[props.declineCode] : m.resultFailed,
        ok: false,
      };
    }
  }
}

/**
 * The outcome in plain words, and "torna al negozio" back to the merchant. A payment the customer cancelled
 * ("Annulla pagamento") goes back to the shop by itself: they asked to leave, and the button stays for a browser
 * that does not follow.
 */
export function ResultPage(props: {
  payment: PaymentHeader;
  status: PaymentSessionStatus;
  declineCode: string | null;
  transStatus: TransStatus | null;
  cancelReason: CancelReason | null;
  authorizationCode: string | null;
  returnAction: string;
}): SafeHtml {
  const m = messagesFor(props.payment.locale);
  const { title, text, ok } = outcomeWords(m, props);
  const leaving = props.status === 'cancelled' && props.cancelReason === 'customer';
  return (
    <Layout
      locale={props.payment.locale}
      title={title}
      step="result"
      forwardTo={leaving ? props.returnAction : undefined}
    >
      <h1 class={ok ? 'outcome outcome-ok' : 'outcome outcome-ko'}>{title}</h1>
      <p role="status">{text}</p>
      {ok && props.authorizationCode ? (
        <p>
          {m.authorizationCode}: <strong>{props.authorizationCode}</strong>
        </p>
      ) : null}
      <form method="get" action={props.returnAction}>
        <button type="submit">{m.backToShop}</button>
      </form>
    </Layout>
  );
}
