import type { FastifyRequest } from 'fastify';
import type { Child, SafeHtml } from '../../../shared/html/jsx-runtime.ts';
import { cardExpiry, cardLabel } from '../../cards/card-display.ts';
import { publicProductCode } from '../../public/public-ids.ts';
import type { I18n, MessageKey } from '../../web/i18n/i18n.ts';
import { ActionLink, DoneNotice } from '../actions/action-views.tsx';
import { DataTable, type HeadCell } from '../data-table.tsx';
import { EmailStatusBadge } from '../lists/emails-list-page.tsx';
import { DocumentLinks, InvoiceLink, SdiBadge } from '../lists/invoices-list-page.tsx';
import { customerPath, emailPath, OrderLink } from '../lists/list-links.tsx';
import { OrderStateBadge } from '../lists/orders-list-page.tsx';
import { autoRenewOffPath } from './auto-renew-off.ts';
import type { CustomerFile } from './customer-file.ts';

const dash = '—';
const instant = (i18n: I18n, at: Date | null) =>
  at ? <time datetime={at.toISOString()}>{i18n.dateTimeOf(at)}</time> : dash;

/** A titled section with its table, or a sentence when it has no rows. */
function Section(props: {
  id: string;
  title: string;
  empty: string;
  head: readonly HeadCell[];
  rows: readonly Child[];
  after?: Child;
}): SafeHtml {
  return (
    <section class="panel" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.rows.length === 0 ? (
        <p>{props.empty}</p>
      ) : (
        <DataTable labelledBy={props.id} head={props.head}>
          {props.rows}
        </DataTable>
      )}
      {props.after}
    </section>
  );
}

/**
 * The customer page (issue 12): details, services with their automatic renewal and its card, orders, saved cards,
 * emails, open sessions and the operators' actions about them. Action links show only to a role that may act.
 */
export function CustomerPage(props: { request: FastifyRequest; file: CustomerFile }): SafeHtml {
  const { request, file } = props;
  const { i18n } = request;
  const { t } = i18n;
  const { customer } = file;
  return (
    <>
      <DoneNotice request={request} />
      <h1>{t('bo.customer.title', { name: customer.name })}</h1>
      <section class="panel" aria-labelledby="customer-details">
        <h2 id="customer-details">{t('bo.customer.details')}</h2>
        <dl class="bo-facts">
          <dt>{t('bo.customer.name')}</dt>
          <dd>{customer.name}</dd>
          <dt>{t('bo.customer.email')}</dt>
          <dd>{customer.email}</dd>
          <dt>{t('bo.customer.phone')}</dt>
          <dd>{customer.phone ?? dash}</dd>
          <dt>{t('bo.customer.locale')}</dt>
          <dd>{t(`bo.customer.locale.${customer.locale}`)}</dd>
          <dt>{t('bo.customer.created')}</dt>
          <dd>{instant(i18n, customer.created_at)}</dd>
        </dl>
      </section>
      <Services request={request} file={file} />
      <Section
        id="customer-orders"
        title={t('bo.customer.orders')}
        empty={t('bo.customer.orders.none')}
        head={[
          t('bo.lists.col.order'),
          t('bo.lists.col.created'),
          t('bo.lists.col.service'),
          t('bo.lists.col.kind'),
          t('bo.lists.col.state'),
          { label: t('bo.lists.col.total'), numeric: true },
        ]}
        rows={file.orders.map((order) => (
          <tr>
            <td>
              <OrderLink number={order.number} />
            </td>
            <td>{instant(i18n, order.created_at)}</td>
            <td>
              {publicProductCode(order.product_code)} · {order.label}
            </td>
            <td>{t(`bo.lists.orderKind.${order.kind}`)}</td>
            <td>
              <OrderStateBadge i18n={i18n} state={order.state} />
            </td>
            <td class="num">{i18n.money(order.total_cents)}</td>
          </tr>
        ))}
        after={
          <p>
            <a href={`/ordini?customer=${customer.id}`}>{t('bo.customer.orders.all')}</a>
          </p>
        }
      />
      <Section
        id="customer-invoices"
        title={t('bo.invoices.customerSection')}
        empty={t('bo.invoices.customerEmpty')}
        head={[
          t('bo.invoices.col.number'),
          t('bo.invoices.col.date'),
          t('bo.invoices.col.kind'),
          t('bo.invoices.col.sdi'),
          { label: t('bo.lists.col.total'), numeric: true },
          t('bo.invoices.col.files'),
        ]}
        rows={file.invoices.map((row) => (
          <tr>
            <td>
              <InvoiceLink id={row.id} number={row.number} />
              {row.needs_billing_data && <> ({t('bo.invoices.needsBillingData')})</>}
            </td>
            <td>{i18n.date(row.issue_date)}</td>
            <td>{t(`invoice.kind.${row.kind}`)}</td>
            <td>
              <SdiBadge status={row.sdi_status} i18n={i18n} />
            </td>
            <td class="num">{i18n.money(row.total_cents)}</td>
            <td>
              <DocumentLinks id={row.id} number={row.number} />
            </td>
          </tr>
        ))}
      />
      <Section
        id="customer-cards"
        title={t('bo.customer.cards')}
        empty={t('bo.customer.cards.none')}
        head={[
          t('bo.lists.col.card'),
          t('bo.customer.cards.holder'),
          t('bo.lists.col.expires'),
          t('bo.customer.cards.default'),
          t('bo.customer.cards.removed'),
        ]}
        rows={file.cards.map((card) => (
          <tr>
            <td>{cardLabel(card)}</td>
            <td>{card.holder}</td>
            <td>{cardExpiry(card)}</td>
            <td>{card.is_default && card.removed_at === null ? t('bo.customer.yes') : dash}</td>
            <td>{instant(i18n, card.removed_at)}</td>
          </tr>
        ))}
      />
      <Section
        id="customer-emails"
        title={t('bo.customer.emails')}
        empty={t('bo.customer.emails.none')}
        head={[
          t('bo.lists.col.created'),
          t('bo.lists.col.template'),
          t('bo.lists.col.recipient'),
          t('bo.lists.col.status'),
          { label: t('bo.lists.col.attempts'), numeric: true },
          t('bo.lists.col.lastError'),
          t('bo.customer.emails.sent'),
        ]}
        rows={file.emails.map((email) => (
          <tr>
            <td>{instant(i18n, email.created_at)}</td>
            <td>
              <a href={emailPath(Number(email.id))}>
                <code>{email.template}</code>
              </a>
            </td>
            <td>{email.to_address}</td>
            <td>
              <EmailStatusBadge i18n={i18n} status={email.status} />
            </td>
            <td class="num">{String(email.attempts)}</td>
            <td>{email.last_error ?? dash}</td>
            <td>{instant(i18n, email.sent_at)}</td>
          </tr>
        ))}
      />
      <Section
        id="customer-sessions"
        title={t('bo.customer.sessions')}
        empty={t('bo.customer.sessions.none')}
        head={[t('bo.customer.sessions.app'), t('bo.customer.sessions.created'), t('bo.customer.sessions.lastSeen')]}
        rows={file.sessions.map((session) => (
          <tr>
            <td>{t(`app.${session.app}`)}</td>
            <td>{instant(i18n, session.created_at)}</td>
            <td>{instant(i18n, session.last_seen_at)}</td>
          </tr>
        ))}
        after={
          file.sessions.length > 0 && (
            <p class="bo-actions">
              <ActionLink
                request={request}
                action="sign_out_customer"
                href={`${customerPath(customer.id)}/esci-ovunque`}
                label={t('bo.signOut.submit')}
              />
            </p>
          )
        }
      />
      <Section
        id="customer-audit"
        title={t('bo.customer.audit')}
        empty={t('bo.customer.audit.none')}
        head={[
          t('bo.lists.col.at'),
          t('bo.lists.col.operator'),
          t('bo.lists.col.action'),
          t('bo.lists.col.object'),
          t('bo.lists.col.reason'),
          t('bo.customer.audit.before'),
          t('bo.customer.audit.after'),
        ]}
        rows={file.audit.map((entry) => (
          <tr>
            <td>{instant(i18n, entry.at)}</td>
            <td>{entry.operator_email}</td>
            <td>
              <code>{entry.action}</code>
            </td>
            <td>{`${entry.object_type} ${entry.object_id}`}</td>
            <td>{entry.reason}</td>
            <td>{entry.before ? <code>{JSON.stringify(entry.before)}</code> : dash}</td>
            <td>{entry.after ? <code>{JSON.stringify(entry.after)}</code> : dash}</td>
          </tr>
        ))}
      />
    </>
  );
}

const renewalKey = (service: CustomerFile['services'][number]): MessageKey =>
  !service.product.auto_renew_available
    ? 'bo.customer.autoRenew.unavailable'
    : service.subscription.auto_renew
      ? 'bo.customer.autoRenew.on'
      : 'bo.customer.autoRenew.off';

function Services(props: { request: FastifyRequest; file: CustomerFile }): SafeHtml {
  const { request, file } = props;
  const { i18n } = request;
  const { t } = i18n;
  return (
    <Section
      id="customer-services"
      title={t('bo.customer.services')}
      empty={t('bo.customer.services.none')}
      head={[
        t('bo.lists.col.service'),
        t('bo.lists.col.status'),
        t('bo.lists.col.expires'),
        t('bo.lists.col.autoRenew'),
        t('bo.customer.services.actions'),
      ]}
      rows={file.services.map((service) => {
        const { subscription, card } = service;
        return (
          <tr>
            <td>
              {publicProductCode(subscription.product_code)} · {subscription.label}
            </td>
            <td>{t(`subscription.status.${subscription.status}`)}</td>
            <td>{subscription.expires_on ? i18n.date(subscription.expires_on) : dash}</td>
            <td>{t(renewalKey(service), { card: card ? `${cardLabel(card)} (${cardExpiry(card)})` : dash })}</td>
            <td>
              {subscription.auto_renew ? (
                <ActionLink
                  request={request}
                  action="auto_renew_off"
                  href={autoRenewOffPath(Number(subscription.id))}
                  label={t('autoRenew.deactivate')}
                  secondary
                />
              ) : (
                dash
              )}
            </td>
          </tr>
        );
      })}
    />
  );
}
