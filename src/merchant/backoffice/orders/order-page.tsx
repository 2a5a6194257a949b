import type { FastifyRequest } from 'fastify';
import type { SafeHtml } from '../../../shared/html/jsx-runtime.ts';
import { isOpenAttempt } from '../../payments/attempt-states.ts';
import { publicProductCode } from '../../public/public-ids.ts';
import type { I18n } from '../../web/i18n/i18n.ts';
import { ActionLink, DoneNotice } from '../actions/action-views.tsx';
import { DataTable } from '../data-table.tsx';
import { CustomerLink, orderPath, StatusBadge } from '../lists/list-links.tsx';
import { OrderStateBadge } from '../lists/orders-list-page.tsx';
import type { BankStatus } from './order-bank-status.ts';
import { moneyOf, type OrderFile, ourFiguresOf } from './order-file.ts';
import type { TimelineEntry } from './order-timeline.ts';

export interface OrderPageProps {
  request: FastifyRequest;
  file: OrderFile;
  bank: readonly BankStatus[];
  timeline: readonly TimelineEntry[];
}

const percent = (bp: number, i18n: I18n) =>
  `${(bp / 100).toLocaleString(i18n.locale === 'it' ? 'it-IT' : 'en-GB', { maximumFractionDigits: 2 })}%`;

/** The order page (issue 12, point 4): what it is, its amounts with VAT, the bank's view now, and everything that happened. */
export function OrderPage(props: OrderPageProps): SafeHtml {
  const { request, file } = props;
  const { i18n } = request;
  const { t } = i18n;
  const money = moneyOf(file);
  return (
    <>
      <DoneNotice request={request} />
      <h1>
        {t('bo.order.title', { number: file.order.number })} <OrderStateBadge i18n={i18n} state={file.order.state} />
      </h1>
      <Summary i18n={i18n} file={file} />
      {file.order.state === 'awaiting_payment' && (
        <section class="panel" aria-labelledby="order-actions">
          <h2 id="order-actions">{t('bo.order.actions')}</h2>
          <p class="bo-actions">
            <ActionLink
              request={request}
              action="send_payment_link"
              href={`${orderPath(file.order.number)}/link-pagamento`}
              label={t('bo.order.sendLink')}
            />{' '}
            <ActionLink
              request={request}
              action="cancel_order"
              href={`${orderPath(file.order.number)}/annulla`}
              label={t('bo.order.cancel')}
              secondary
            />
          </p>
        </section>
      )}
      <section class="panel" aria-labelledby="order-money">
        <h2 id="order-money">{t('bo.order.money')}</h2>
        <dl class="details">
          <dt>{t('bo.order.captured')}</dt>
          <dd>{i18n.money(money.capturedCents)}</dd>
          <dt>{t('bo.order.refunded')}</dt>
          <dd>{i18n.money(money.refundedCents)}</dd>
          <dt>{t('bo.order.refundable')}</dt>
          <dd>{i18n.money(money.refundableCents)}</dd>
        </dl>
        {money.refundableCents > 0 && (
          <p class="bo-actions">
            <ActionLink
              request={request}
              action="refund"
              href={`${orderPath(file.order.number)}/rimborso`}
              label={t('bo.order.refund')}
            />
          </p>
        )}
      </section>
      <Attempts request={request} file={file} />
      <Amounts i18n={i18n} file={file} />
      <BankView i18n={i18n} file={file} bank={props.bank} />
      <Timeline i18n={i18n} entries={props.timeline} />
    </>
  );
}

function Attempts(props: { request: FastifyRequest; file: OrderFile }): SafeHtml {
  const { request, file } = props;
  const { i18n } = request;
  const { t } = i18n;
  return (
    <section class="panel">
      <h2 id="order-attempts">{t('bo.order.attempts')}</h2>
      {file.attempts.length === 0 ? (
        <p class="notice">{t('bo.order.attempts.none')}</p>
      ) : (
        <DataTable
          labelledBy="order-attempts"
          head={[
            t('bo.lists.col.payment'),
            t('bo.lists.col.created'),
            t('bo.lists.col.purpose'),
            t('bo.lists.col.status'),
            t('bo.lists.col.decline'),
            t('bo.lists.col.card'),
            { label: t('bo.lists.col.amount'), numeric: true },
            t('bo.order.actions'),
          ]}
        >
          {file.attempts.map((attempt) => (
            <tr>
              <td>
                <code>{attempt.public_id}</code>
              </td>
              <td>{i18n.dateTimeOf(attempt.created_at)}</td>
              <td>{t(`bo.lists.purpose.${attempt.purpose}`)}</td>
              <td>{t(`bo.lists.attemptStatus.${attempt.status}`)}</td>
              <td>{attempt.decline_reason ?? attempt.attention_reason ?? '—'}</td>
              <td>{attempt.card_last4 ? `${attempt.card_brand ?? ''} ···· ${attempt.card_last4}` : '—'}</td>
              <td class="num">{i18n.money(attempt.amount_cents)}</td>
              <td>
                {isOpenAttempt(attempt.status) || attempt.status === 'needs_attention' ? (
                  <ActionLink
                    request={request}
                    action="reconcile_attempt"
                    href={`/pagamenti/${attempt.public_id}/verifica`}
                    label={t('bo.order.reconcile')}
                    secondary
                  />
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

function Summary(props: { i18n: I18n; file: OrderFile }): SafeHtml {
  const { i18n, file } = props;
  const { t } = i18n;
  const { order, service } = file;
  return (
    <section class="panel" aria-labelledby="order-summary">
      <h2 id="order-summary">{t('bo.order.summary')}</h2>
      <dl class="details">
        <dt>{t('bo.order.customer')}</dt>
        <dd>
          <CustomerLink id={file.customer.id} name={file.customer.name} /> · {file.customer.email}
        </dd>
        <dt>{t('bo.order.service')}</dt>
        <dd>
          {publicProductCode(service.product_code)} · {service.label}
        </dd>
        <dt>{t('bo.order.kind')}</dt>
        <dd>{t(`bo.lists.orderKind.${order.kind}`)}</dd>
        <dt>{t('bo.order.created')}</dt>
        <dd>{i18n.dateTimeOf(order.created_at)}</dd>
        <dt>{t('bo.order.paid')}</dt>
        <dd>{order.paid_at ? i18n.dateTimeOf(order.paid_at) : '—'}</dd>
        <dt>{t('bo.order.expires')}</dt>
        <dd>{service.expires_on ? i18n.date(service.expires_on) : '—'}</dd>
        <dt>{t('bo.order.autoRenew')}</dt>
        <dd>{t(service.auto_renew ? 'bo.order.autoRenew.on' : 'bo.order.autoRenew.off')}</dd>
      </dl>
    </section>
  );
}

function Amounts(props: { i18n: I18n; file: OrderFile }): SafeHtml {
  const { i18n, file } = props;
  const { t } = i18n;
  const rates = new Map<number, { net: number; vat: number }>();
  for (const line of file.lines) {
    const sum = rates.get(line.vat_rate_bp) ?? { net: 0, vat: 0 };
    rates.set(line.vat_rate_bp, { net: sum.net + line.net_cents, vat: sum.vat + line.vat_cents });
  }
  return (
    <section class="panel">
      <h2 id="order-amounts">{t('bo.order.amounts')}</h2>
      <DataTable
        labelledBy="order-amounts"
        head={[
          t('bo.order.line.description'),
          { label: t('bo.order.line.quantity'), numeric: true },
          { label: t('bo.order.line.unitPrice'), numeric: true },
          { label: t('bo.order.line.discount'), numeric: true },
          { label: t('bo.order.line.net'), numeric: true },
          { label: t('bo.order.line.vatRate'), numeric: true },
          { label: t('bo.order.line.vat'), numeric: true },
          { label: t('bo.order.line.total'), numeric: true },
        ]}
        foot={
          <tfoot>
            <tr>
              <th scope="row" colspan="4">
                {t('bo.order.totals')}
              </th>
              <td class="num">{i18n.money(file.order.net_cents)}</td>
              <td />
              <td class="num">{i18n.money(file.order.vat_cents)}</td>
              <td class="num">
                <strong>{i18n.money(file.order.total_cents)}</strong>
              </td>
            </tr>
          </tfoot>
        }
      >
        {file.lines.map((line) => (
          <tr>
            <td>{line.description}</td>
            <td class="num">{String(line.quantity)}</td>
            <td class="num">{i18n.money(line.unit_price_cents)}</td>
            <td class="num">{line.discount_cents > 0 ? `− ${i18n.money(line.discount_cents)}` : '—'}</td>
            <td class="num">{i18n.money(line.net_cents)}</td>
            <td class="num">{percent(line.vat_rate_bp, i18n)}</td>
            <td class="num">{i18n.money(line.vat_cents)}</td>
            <td class="num">{i18n.money(line.net_cents + line.vat_cents)}</td>
          </tr>
        ))}
      </DataTable>
      <h3>{t('bo.order.vatSummary')}</h3>
      <table class="bo-list bo-vat">
        <thead>
          <tr>
            <th scope="col">{t('bo.order.line.vatRate')}</th>
            <th scope="col" class="num">
              {t('bo.order.line.net')}
            </th>
            <th scope="col" class="num">
              {t('bo.order.line.vat')}
            </th>
          </tr>
        </thead>
        <tbody>
          {[...rates].map(([rate, sum]) => (
            <tr>
              <th scope="row">{percent(rate, i18n)}</th>
              <td class="num">{i18n.money(sum.net)}</td>
              <td class="num">{i18n.money(sum.vat)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function BankView(props: { i18n: I18n; file: OrderFile; bank: readonly BankStatus[] }): SafeHtml {
  const { i18n, file } = props;
  const { t } = i18n;
  return (
    <section class="panel">
      <h2 id="order-bank">{t('bo.order.bank')}</h2>
      {props.bank.length === 0 ? (
        <p class="notice">{t('bo.order.bank.none')}</p>
      ) : (
        <DataTable
          labelledBy="order-bank"
          head={[
            t('bo.order.bank.payment'),
            t('bo.order.bank.session'),
            t('bo.order.bank.ours'),
            t('bo.order.bank.status'),
            { label: t('bo.order.bank.captured'), numeric: true },
            { label: t('bo.order.bank.refunded'), numeric: true },
            t('bo.order.bank.authentication'),
          ]}
        >
          {props.bank.map((status) => {
            const ours = ourFiguresOf(file, status.attemptId);
            return (
              <tr>
                <td>
                  <code>{ours.attempt?.public_id ?? '—'}</code>
                </td>
                <td>
                  <code>{status.sessionId}</code>
                </td>
                <td>{ours.attempt ? t(`bo.lists.attemptStatus.${ours.attempt.status}`) : '—'}</td>
                {'session' in status ? (
                  <>
                    <td>
                      <code>{status.session.status}</code>{' '}
                      {status.session.amountCapturedCents === ours.capturedCents &&
                      status.session.amountRefundedCents === ours.refundedCents ? (
                        <StatusBadge tone="ok" label={t('bo.order.bank.match')} />
                      ) : (
                        <StatusBadge tone="warn" label={t('bo.order.bank.mismatch')} />
                      )}
                    </td>
                    <td class="num">{i18n.money(status.session.amountCapturedCents)}</td>
                    <td class="num">{i18n.money(status.session.amountRefundedCents)}</td>
                    <td>
                      {status.session.authentication
                        ? `${t(`bo.tl.auth.method.${status.session.authentication.method}`)}: ${t(
                            `bo.tl.auth.outcome.${status.session.authentication.outcome ?? 'pending'}`,
                          )}`
                        : '—'}
                    </td>
                  </>
                ) : (
                  <td colspan="4">
                    {'error' in status
                      ? t('bo.order.bank.unreachable', { error: status.error })
                      : t('bo.order.bank.unknown')}
                  </td>
                )}
              </tr>
            );
          })}
        </DataTable>
      )}
    </section>
  );
}

function Timeline(props: { i18n: I18n; entries: readonly TimelineEntry[] }): SafeHtml {
  const { i18n } = props;
  const { t } = i18n;
  return (
    <section class="panel">
      <h2 id="order-timeline">{t('bo.order.timeline')}</h2>
      <DataTable
        labelledBy="order-timeline"
        head={[t('bo.order.timeline.when'), t('bo.order.timeline.what'), t('bo.order.timeline.detail')]}
        tableClass="bo-timeline"
      >
        {props.entries.map((entry) => (
          <tr class={`bo-tl-${entry.kind}`}>
            <td>
              <time datetime={entry.at.toISOString()}>{i18n.dateTimeOf(entry.at)}</time>
            </td>
            <td>{entry.what}</td>
            <td>{entry.detail ?? '—'}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
