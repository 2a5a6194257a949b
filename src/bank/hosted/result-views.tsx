import type { SafeHtml } from '../../shared/html/jsx-runtime.ts';
import { isDeclineCode } from '../charges/decline-codes.ts';
import type { PaymentSessionStatus } from '../db/schema.ts';
import { messagesFor } from '../i18n/messages.ts';
import { Layout } from './layout.tsx';
import type { PaymentHeader } from './payment-views.tsx';

/** The outcome in plain words, and "torna al negozio" back to the merchant. */
export function ResultPage(props: {
  payment: PaymentHeader;
  status: PaymentSessionStatus;
  declineCode: string | null;
  authorizationCode: string | null;
  returnAction: string;
}): SafeHtml {
  const m = messagesFor(props.payment.locale);
  const title =
    props.status === 'authorized'
      ? m.resultAuthorized
      : props.status === 'declined'
        ? m.resultDeclined
        : props.status === 'expired'
          ? m.resultExpired
          : m.resultFailed;
  const text =
    props.status === 'authorized'
      ? m.resultAuthorizedText(props.payment.amount, props.payment.merchantName)
      : props.status === 'expired'
        ? m.resultExpiredText
        : isDeclineCode(props.declineCode)
          ? m.declineReasons[props.declineCode]
          : m.resultFailed;
  return (
    <Layout locale={props.payment.locale} title={title}>
      <h1 class={props.status === 'authorized' ? 'outcome outcome-ok' : 'outcome outcome-ko'}>{title}</h1>
      <p role="status">{text}</p>
      {props.authorizationCode ? (
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
