import type { SafeHtml } from '../../shared/html/jsx-runtime.ts';
import { productName } from '../catalog/product-names.ts';
import type { ApplyRefusal } from '../promotions/apply-promotion-code.ts';
import type { PromotionView } from '../promotions/list-promotions.ts';
import { CSRF_FIELD } from '../web/csrf.ts';
import type { I18n } from '../web/i18n/i18n.ts';
import { Layout, type PageContext } from '../web/layout.tsx';

/** "Riepilogo degli sconti validi sui nostri servizi": public, and inside the customer's layout when signed in. */
export function DiscountsPage(props: { page: PageContext; promotions: PromotionView[] }): SafeHtml {
  const { i18n } = props.page;
  const { t } = i18n;
  return (
    <Layout {...props.page} title={t('discounts.title')}>
      <h1>{t('discounts.title')}</h1>
      <p class="lead">{t('discounts.intro')}</p>
      {props.promotions.length === 0 ? (
        <p class="panel">{t('discounts.none')}</p>
      ) : (
        <div class="table-wrap">
          <table class="responsive">
            <caption>{t('discounts.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('discounts.campaign')}</th>
                <th scope="col">{t('discounts.product')}</th>
                <th scope="col">{t('discounts.discount')}</th>
                <th scope="col">{t('discounts.validity')}</th>
                <th scope="col">{t('discounts.code')}</th>
              </tr>
            </thead>
            <tbody>
              {props.promotions.map((view) => (
                <tr>
                  <td data-label={t('discounts.campaign')}>
                    <strong>{view.promotion.campaign}</strong>
                  </td>
                  <td data-label={t('discounts.product')}>
                    {view.product ? productName(view.product, i18n.locale) : t('discounts.allProducts')}
                  </td>
                  <td data-label={t('discounts.discount')}>
                    {discountText(i18n, view)}, {t(`discounts.for.${view.promotion.applies_to}`)}
                  </td>
                  <td data-label={t('discounts.validity')}>
                    {t('discounts.validRange', {
                      from: i18n.date(view.promotion.valid_from),
                      until: i18n.date(view.lastValidDay),
                    })}
                  </td>
                  <td data-label={t('discounts.code')}>
                    {view.promotion.code ? <code>{view.promotion.code}</code> : t('discounts.noCode')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {!props.page.customer && (
        <p>
          <a class="button" href="/login">
            {t('discounts.login')}
          </a>
        </p>
      )}
    </Layout>
  );
}

function discountText(i18n: I18n, { promotion }: PromotionView): string {
  return promotion.discount_kind === 'percent'
    ? i18n.t('discounts.percent', { percent: ((promotion.percent_bp ?? 0) / 100).toLocaleString(i18n.locale) })
    : i18n.t('discounts.amount', { amount: i18n.money(promotion.amount_cents ?? 0) });
}

/** What the order page says about discounts: the one applied, the form, or why the form is gone. */
export type OrderDiscountView =
  | { kind: 'applied'; code: string | null; campaign: string; discountCents: number }
  | { kind: 'form'; typed?: string; error?: string }
  /** A payment of the order is open: its amount is fixed. */
  | { kind: 'locked' }
  | { kind: 'none' };

/** "Codice sconto" and "Applica", with the refusal (if any) tied to the field. */
export function DiscountCodeForm(props: {
  i18n: I18n;
  csrfToken: string | null;
  orderNumber: string;
  typed?: string | undefined;
  error?: string | undefined;
}): SafeHtml {
  const { t } = props.i18n;
  return (
    <form method="post" action={`/orders/${props.orderNumber}/discount`} class="discount-form">
      <input type="hidden" name={CSRF_FIELD} value={props.csrfToken ?? ''} />
      <div class="field">
        <label for="discount-code">{t('order.discountCode')}</label>
        {props.error && (
          <p class="alert" role="alert" id="discount-code-error">
            {props.error}
          </p>
        )}
        <input
          id="discount-code"
          name="code"
          type="text"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck="false"
          maxlength="64"
          required
          value={props.typed ?? ''}
          aria-describedby={props.error ? 'discount-code-error discount-code-hint' : 'discount-code-hint'}
          aria-invalid={props.error ? 'true' : undefined}
        />
        <p class="hint" id="discount-code-hint">
          {t('order.discountHint')}
        </p>
      </div>
      <button type="submit" class="button button-secondary">
        {t('order.discountApply')}
      </button>
    </form>
  );
}

/** The customer's message for a refused code: precise, with the code and the date that matter. */
export function refusalText(i18n: I18n, refusal: ApplyRefusal): string {
  const { t } = i18n;
  switch (refusal.reason) {
    case 'expired':
      return t('discount.error.expired', { code: refusal.code, date: i18n.date(refusal.endedOn) });
    case 'not_yet_valid':
      return t('discount.error.not_yet_valid', { code: refusal.code, date: i18n.date(refusal.startsOn) });
    case 'unknown_code':
    case 'already_applied':
    case 'wrong_product':
    case 'purchase_only':
    case 'renewal_only':
      return t(`discount.error.${refusal.reason}`, { code: refusal.code });
    case 'payment_in_progress':
    case 'not_awaiting_payment':
      return t(`discount.error.${refusal.reason}`);
    case 'unknown_order':
      return t('error.not_found.body');
  }
}
