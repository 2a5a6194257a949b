import { CardBrandMark } from '../../shared/html/card-brand-mark.tsx';
import type { SafeHtml } from '../../shared/html/jsx-runtime.ts';
import type { CardFieldError, CardFormInput } from '../cards/card-validation.ts';
import type { Locale } from '../db/schema.ts';
import { messagesFor } from '../i18n/messages.ts';
import { CancelPaymentForm, Detail, Layout } from './layout.tsx';

/** What every payment page shows about the payment itself. */
export interface PaymentHeader {
  locale: Locale;
  merchantName: string;
  amount: string;
  description: string;
}

type FieldErrors = Partial<Record<keyof CardFormInput, CardFieldError>>;

/** The brands the card form takes (card-validation.ts), each named in text beside its decorative mark. */
const ACCEPTED_BRANDS = [
  { brand: 'visa', name: 'Visa' },
  { brand: 'mastercard', name: 'Mastercard' },
  { brand: 'amex', name: 'American Express' },
  { brand: 'maestro', name: 'Maestro' },
] as const;

const ACCEPTED_CARDS_ID = 'accepted-cards';

function AcceptedCards(props: { locale: Locale }): SafeHtml {
  const m = messagesFor(props.locale);
  return (
    <p class="accepted-cards" id={ACCEPTED_CARDS_ID}>
      <span>{m.acceptedCards}:</span>
      {ACCEPTED_BRANDS.map((accepted) => (
        <span class="accepted-card">
          <CardBrandMark brand={accepted.brand} /> {accepted.name}
        </span>
      ))}
    </p>
  );
}

function Field(props: {
  name: keyof CardFormInput;
  label: string;
  hint?: string;
  value: string;
  error: string | undefined;
  autocomplete: string;
  inputmode?: string;
  maxlength: number;
  /** The id of another element that describes the field (e.g. the accepted brands beside the number). */
  describedBy?: string;
}): SafeHtml {
  const id = `field-${props.name}`;
  const describedBy = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : '', props.describedBy ?? '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class={props.error ? 'field field-error' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <span class="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      ) : null}
      {props.error ? (
        <span class="error" id={`${id}-error`}>
          {props.error}
        </span>
      ) : null}
      <input
        id={id}
        name={props.name}
        type="text"
        value={props.value}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        maxlength={props.maxlength}
        required
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
      />
    </div>
  );
}

export function PaymentSummaryBox(props: { payment: PaymentHeader }): SafeHtml {
  const m = messagesFor(props.payment.locale);
  return (
    <section class="payment-box" aria-label={m.payTo(props.payment.merchantName)}>
      <p class="payment-merchant">{m.payTo(props.payment.merchantName)}</p>
      <p class="payment-amount">{props.payment.amount}</p>
      <p class="payment-description">{props.payment.description}</p>
    </section>
  );
}

/** The card form. The CVV is never written back into the page, even when the form comes back with errors. */
export function CardFormPage(props: {
  payment: PaymentHeader;
  action: string;
  csrf: string;
  values: Omit<CardFormInput, 'cvv'>;
  errors: FieldErrors;
  cancelAction: string;
}): SafeHtml {
  const m = messagesFor(props.payment.locale);
  const error = (field: keyof CardFormInput) => {
    const code = props.errors[field];
    return code ? m.fieldErrors[code] : undefined;
  };
  const hasErrors = Object.keys(props.errors).length > 0;
  return (
    <Layout locale={props.payment.locale} title={m.cardFormTitle} step="card">
      <PaymentSummaryBox payment={props.payment} />
      <h1>{m.cardFormTitle}</h1>
      {hasErrors ? (
        <p class="alert" role="alert">
          {m.formHasErrors}
        </p>
      ) : null}
      <form method="post" action={props.action} novalidate>
        <input type="hidden" name="csrf" value={props.csrf} />
        <Field
          name="holder"
          label={m.holder}
          value={props.values.holder}
          error={error('holder')}
          autocomplete="cc-name"
          maxlength={100}
        />
        <Field
          name="number"
          label={m.cardNumber}
          value={props.values.number}
          error={error('number')}
          autocomplete="cc-number"
          inputmode="numeric"
          maxlength={23}
          describedBy={ACCEPTED_CARDS_ID}
        />
        <AcceptedCards locale={props.payment.locale} />
        <Field
          name="expiry"
          label={m.expiry}
          hint={m.expiryHint}
          value={props.values.expiry}
          error={error('expiry')}
          autocomplete="cc-exp"
          inputmode="numeric"
          maxlength={7}
        />
        <Field
          name="cvv"
          label={m.cvv}
          hint={m.cvvHint}
          value=""
          error={error('cvv')}
          autocomplete="cc-csc"
          inputmode="numeric"
          maxlength={4}
        />
        <button type="submit">{m.proceed}</button>
      </form>
      <CancelPaymentForm locale={props.payment.locale} action={props.cancelAction} csrf={props.csrf} />
    </Layout>
  );
}

/** "Riepilogo": what was entered, before "Invio dati" starts 3-D Secure. */
export function SummaryPage(props: {
  payment: PaymentHeader;
  /** The card's brand, for its mark beside `maskedCard` (which names the brand in text). */
  brand: string;
  maskedCard: string;
  holder: string;
  submitAction: string;
  editHref: string;
  cancelAction: string;
  csrf: string;
}): SafeHtml {
  const m = messagesFor(props.payment.locale);
  return (
    <Layout locale={props.payment.locale} title={m.summaryTitle} step="card">
      <h1>{m.summaryTitle}</h1>
      <dl class="summary">
        <Detail term={m.merchant}>{props.payment.merchantName}</Detail>
        <Detail term={m.amount}>{props.payment.amount}</Detail>
        <Detail term={m.description}>{props.payment.description}</Detail>
        <Detail term={m.card}>
          {props.brand ? <CardBrandMark brand={props.brand} /> : null} {props.maskedCard}
        </Detail>
        <Detail term={m.holder}>{props.holder}</Detail>
      </dl>
      {/* The seed's "Invio dati" stays the button's whole name; what it commits to is said right beside it. */}
      <form method="post" action={props.submitAction} class="submit-row">
        <input type="hidden" name="csrf" value={props.csrf} />
        <button type="submit">{m.submitData}</button>
        <span class="submit-amount">
          {m.amount}: <strong>{props.payment.amount}</strong>
        </span>
      </form>
      <p>
        <a href={props.editHref}>{m.editCard}</a>
      </p>
      <CancelPaymentForm locale={props.payment.locale} action={props.cancelAction} csrf={props.csrf} />
    </Layout>
  );
}
