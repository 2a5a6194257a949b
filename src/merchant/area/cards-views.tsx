import type { SavedCard } from '../../db/schema.ts';
import { CardBrandMark } from '../../shared/html/card-brand-mark.tsx';
import type { SafeHtml } from '../../shared/html/jsx-runtime.ts';
import { cardExpiry, cardLabel } from '../cards/card-display.ts';
import { CSRF_FIELD } from '../web/csrf.ts';
import type { MessageKey } from '../web/i18n/i18n.ts';
import { Layout, type PageContext } from '../web/layout.tsx';

export interface CardRow {
  card: SavedCard;
  services: Array<{ id: number; label: string }>;
  expired: boolean;
}

export const CARD_NOTICES = {
  removed: 'cards.done.removed',
  replaced: 'cards.done.replaced',
  added: 'cards.done.added',
  pending: 'cards.done.pending',
  failed: 'cards.done.failed',
  unavailable: 'cards.done.unavailable',
} as const satisfies Record<string, MessageKey>;
export type CardNotice = keyof typeof CARD_NOTICES;

/** "Carte di pagamento": each saved card, what it renews, and its actions. */
export function CardsPage(props: { page: PageContext; rows: CardRow[]; done?: CardNotice | undefined }): SafeHtml {
  const { i18n, csrfToken } = props.page;
  const { t } = i18n;
  const usable = props.rows.filter((row) => !row.expired);
  return (
    <Layout {...props.page} title={t('cards.title')}>
      <a class="back-link" href="/">
        {t('service.back')}
      </a>
      <h1>{t('cards.title')}</h1>
      <p class="lead">{t('cards.intro')}</p>
      {props.done && (
        <p class="notice" role="status">
          {t(CARD_NOTICES[props.done])}
        </p>
      )}
      <form method="post" action="/cards/add" class="panel">
        <input type="hidden" name={CSRF_FIELD} value={csrfToken ?? ''} />
        <p>{t('cards.add.hint')}</p>
        <button type="submit" class="button">
          {t('cards.add')}
        </button>
      </form>
      {props.rows.length === 0 ? (
        <p class="panel">{t('cards.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table class="responsive">
            <caption class="visually-hidden">{t('cards.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('cards.card')}</th>
                <th scope="col">{t('cards.expiry')}</th>
                <th scope="col">{t('cards.holder')}</th>
                <th scope="col">{t('cards.renews')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('orders.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map(({ card, services, expired }) => {
                const labelId = `card-${card.id}`;
                const others = usable.filter((row) => row.card.id !== card.id);
                return (
                  <tr>
                    <td data-label={t('cards.card')} id={labelId}>
                      <CardBrandMark brand={card.brand} /> {cardLabel(card)}
                    </td>
                    <td data-label={t('cards.expiry')}>
                      {cardExpiry(card)}
                      {expired && <span class="badge badge-wait"> {t('cards.expired')}</span>}
                    </td>
                    <td data-label={t('cards.holder')}>{card.holder}</td>
                    <td data-label={t('cards.renews')}>
                      {services.length === 0 ? t('cards.renewsNone') : services.map((s) => s.label).join(', ')}
                    </td>
                    <td>
                      <a class="button button-secondary" href={`/cards/${card.id}/remove`} aria-describedby={labelId}>
                        {t('cards.remove')}
                      </a>
                      {services.length > 0 && others.length > 0 && (
                        <form method="post" action={`/cards/${card.id}/replace`}>
                          <input type="hidden" name={CSRF_FIELD} value={csrfToken ?? ''} />
                          <div class="field">
                            <label for={`replace-${card.id}`}>
                              {t('cards.replaceWith')} <span class="visually-hidden">{cardLabel(card)}</span>
                            </label>
                            <select id={`replace-${card.id}`} name="card" required>
                              {others.map((row) => (
                                <option value={String(row.card.id)}>
                                  {`${cardLabel(row.card)} (${cardExpiry(row.card)})`}
                                </option>
                              ))}
                            </select>
                          </div>
                          <button type="submit" class="button" aria-describedby={labelId}>
                            {t('cards.replace')}
                          </button>
                        </form>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

/** The warning before removing: which services will stop renewing. */
export function RemoveCardPage(props: { page: PageContext; row: CardRow }): SafeHtml {
  const { i18n, csrfToken } = props.page;
  const { t } = i18n;
  const { card, services } = props.row;
  const title = t('cards.remove.title', { card: cardLabel(card) });
  return (
    <Layout {...props.page} title={title}>
      <section class="panel narrow" aria-labelledby="remove-title">
        <h1 id="remove-title">{title}</h1>
        <p>{t('cards.remove.body')}</p>
        {services.length > 0 && (
          <div class="notice notice-warn" role="alert">
            <p>{t('cards.remove.warning')}</p>
            <ul>
              {services.map((s) => (
                <li>{s.label}</li>
              ))}
            </ul>
          </div>
        )}
        <form method="post" action={`/cards/${card.id}/remove`}>
          <input type="hidden" name={CSRF_FIELD} value={csrfToken ?? ''} />
          <button type="submit" class="button">
            {t('cards.remove.submit')}
          </button>{' '}
          <a class="button button-secondary" href="/cards">
            {t('cards.remove.cancel')}
          </a>
        </form>
      </section>
    </Layout>
  );
}
