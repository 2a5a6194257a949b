import type { SafeHtml } from '../../shared/html/jsx-runtime.ts';
import { BILLING_KINDS, type BillingField, type BillingForm } from '../invoices/billing-profile.ts';
import { CSRF_FIELD } from '../web/csrf.ts';
import type { MessageKey } from '../web/i18n/messages-it.ts';
import { Layout, type PageContext } from '../web/layout.tsx';

export const BILLING_PATH = '/dati-fatturazione';

export type BillingNotice = 'saved' | 'missing' | 'invalid';

/** One text field: its label, its hint, and — when wrong — its message, tied to it by aria-describedby. */
function Field(props: {
  page: PageContext;
  field: BillingField;
  label: MessageKey;
  hint?: MessageKey;
  values: BillingForm;
  errors: Partial<Record<BillingField, string>>;
  autocomplete?: string;
  maxlength: number;
}): SafeHtml {
  const { t } = props.page.i18n;
  const id = `billing-${props.field}`;
  const error = props.errors[props.field];
  const described = [error ? `${id}-error` : '', props.hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{t(props.label)}</label>
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <input
        id={id}
        name={props.field}
        type="text"
        value={props.values[props.field]}
        maxlength={String(props.maxlength)}
        autocomplete={props.autocomplete ?? 'off'}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described || undefined}
      />
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {t(props.hint)}
        </p>
      )}
    </div>
  );
}

/** "Dati di fatturazione": who the customer's invoices are made out to, with each wrong field's reason beside it. */
export function BillingPage(props: {
  page: PageContext;
  values: BillingForm;
  errors?: Partial<Record<BillingField, string>>;
  notice?: BillingNotice;
}): SafeHtml {
  const { t } = props.page.i18n;
  const errors = props.errors ?? {};
  const common = { page: props.page, values: props.values, errors };
  const kindError = errors.kind;
  return (
    <Layout {...props.page} title={t('billing.title')}>
      <section class="panel narrow" aria-labelledby="billing-title">
        <h1 id="billing-title">{t('billing.title')}</h1>
        <p class="lead">{t('billing.intro')}</p>
        {props.notice === 'saved' && (
          <p class="notice" role="status">
            {t('billing.saved')}
          </p>
        )}
        {props.notice === 'missing' && <p class="notice">{t('billing.missing')}</p>}
        {props.notice === 'invalid' && (
          <p class="alert" role="alert">
            {t('billing.invalid')}
          </p>
        )}
        <form method="post" action={BILLING_PATH} novalidate>
          <input type="hidden" name={CSRF_FIELD} value={props.page.csrfToken ?? ''} />
          <fieldset
            aria-invalid={kindError ? 'true' : undefined}
            aria-describedby={kindError ? 'billing-kind-error' : undefined}
          >
            <legend>{t('billing.kind')}</legend>
            {kindError && (
              <p class="field-error" id="billing-kind-error">
                {kindError}
              </p>
            )}
            {BILLING_KINDS.map((kind) => (
              <div class="field">
                <input
                  type="radio"
                  id={`billing-kind-${kind}`}
                  name="kind"
                  value={kind}
                  checked={props.values.kind === kind}
                />
                <label for={`billing-kind-${kind}`}>{t(`billing.kind.${kind}`)}</label>
              </div>
            ))}
          </fieldset>
          <Field {...common} field="first_name" label="billing.firstName" hint="billing.personHint" maxlength={60} />
          <Field {...common} field="last_name" label="billing.lastName" maxlength={60} />
          <Field {...common} field="name" label="billing.name" hint="billing.nameHint" maxlength={80} />
          <Field {...common} field="tax_code" label="billing.taxCode" hint="billing.taxCodeHint" maxlength={16} />
          <Field {...common} field="vat_number" label="billing.vatNumber" hint="billing.vatNumberHint" maxlength={13} />
          <Field
            {...common}
            field="recipient_code"
            label="billing.recipientCode"
            hint="billing.recipientCodeHint"
            maxlength={7}
          />
          <Field {...common} field="pec" label="billing.pec" hint="billing.pecHint" maxlength={120} />
          <Field
            {...common}
            field="office_code"
            label="billing.officeCode"
            hint="billing.officeCodeHint"
            maxlength={6}
          />
          <fieldset>
            <legend>{t('billing.address')}</legend>
            <Field {...common} field="street" label="billing.street" autocomplete="street-address" maxlength={60} />
            <Field
              {...common}
              field="postal_code"
              label="billing.postalCode"
              autocomplete="postal-code"
              maxlength={10}
            />
            <Field {...common} field="city" label="billing.city" autocomplete="address-level2" maxlength={60} />
            <Field {...common} field="province" label="billing.province" hint="billing.provinceHint" maxlength={2} />
            <Field {...common} field="country" label="billing.country" hint="billing.countryHint" maxlength={2} />
          </fieldset>
          <button type="submit" class="button button-wide">
            {t('billing.submit')}
          </button>
        </form>
      </section>
    </Layout>
  );
}
