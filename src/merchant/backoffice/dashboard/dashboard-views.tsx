import type { SafeHtml } from '../../../shared/html/jsx-runtime.ts';
import type { I18n } from '../../web/i18n/i18n.ts';
import { HorizontalBarChart, StackedBarChart } from './charts.tsx';
import { DASHBOARD_WINDOWS, type DashboardFigures } from './dashboard-figures.ts';
import { dashboardLinks as links } from './dashboard-links.ts';

/** "45 min", "3 h", "2 g": how long the oldest waiting thing has waited. */
export function formatAge(i18n: I18n, ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 120) return i18n.t('bo.dashboard.age.minutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return i18n.t('bo.dashboard.age.hours', { n: hours });
  return i18n.t('bo.dashboard.age.days', { n: Math.floor(hours / 24) });
}

function percent(part: number, whole: number): string | null {
  return whole === 0 ? null : `${Math.round((part / whole) * 100)}%`;
}

function Tile(props: { label: string; value: string; href: string; note?: string }): SafeHtml {
  return (
    <li class="dash-tile">
      <a href={props.href}>
        <span class="dash-value">{props.value}</span>
        <span class="dash-label">{props.label}</span>
      </a>
      {props.note && <span class="hint">{props.note}</span>}
    </li>
  );
}

/** The dashboard page: the window switch, the charts, the renewal tiles and the queues. */
export function DashboardPage({ i18n, figures }: { i18n: I18n; figures: DashboardFigures }): SafeHtml {
  const t = i18n.t;
  const span = { from: figures.window.from, to: figures.window.to };
  const window = { from: i18n.date(span.from), to: i18n.date(span.to) };
  return (
    <>
      <h1>{t('bo.dashboard.title')}</h1>
      <nav class="dash-switch" aria-label={t('bo.dashboard.switch')}>
        <span>{t('bo.dashboard.switch')}</span>
        {DASHBOARD_WINDOWS.map((days) => (
          <a href={`/?days=${days}`} aria-current={days === figures.window.days ? 'page' : undefined}>
            {t('bo.dashboard.days', { days })}
          </a>
        ))}
      </nav>
      <p class="hint">{t('bo.dashboard.window', window)}</p>
      <PaymentsSection i18n={i18n} figures={figures} />
      <div class="dash-grid">
        <DeclinesSection i18n={i18n} figures={figures} />
        <RevenueSection i18n={i18n} figures={figures} />
      </div>
      <RenewalsSection i18n={i18n} figures={figures} />
      <QueuesSection i18n={i18n} figures={figures} />
    </>
  );
}

type Props = { i18n: I18n; figures: DashboardFigures };

function PaymentsSection({ i18n, figures }: Props): SafeHtml {
  const t = i18n.t;
  const span = { from: figures.window.from, to: figures.window.to };
  const sum = (k: 'captured' | 'declined' | 'other') => figures.paymentsByDay.reduce((n, d) => n + d[k], 0);
  const totals = { captured: sum('captured'), declined: sum('declined'), other: sum('other') };
  return (
    <section class="panel" aria-labelledby="dash-payments">
      <h2 id="dash-payments">{t('bo.dashboard.payments.title')}</h2>
      <StackedBarChart
        id="chart-payments"
        title={t('bo.dashboard.payments.title')}
        desc={t('bo.dashboard.payments.desc', { from: i18n.date(span.from), to: i18n.date(span.to), ...totals })}
        series={[
          {
            label: t('bo.dashboard.payments.captured'),
            total: String(totals.captured),
            href: links.payments(span, { status: 'captured' }),
          },
          {
            label: t('bo.dashboard.payments.declined'),
            total: String(totals.declined),
            href: links.payments(span, { status: 'declined' }),
          },
          { label: t('bo.dashboard.payments.other'), total: String(totals.other), href: links.payments(span) },
        ]}
        bars={figures.paymentsByDay.map((d) => ({
          label: i18n.date(d.day).slice(0, 5),
          values: [d.captured, d.declined, d.other],
        }))}
        labelHeader={t('bo.dashboard.payments.day')}
        totalHeader={t('bo.dashboard.payments.total')}
        tableSummary={t('bo.dashboard.table')}
      />
    </section>
  );
}

function DeclinesSection({ i18n, figures }: Props): SafeHtml {
  const t = i18n.t;
  const span = { from: figures.window.from, to: figures.window.to };
  const total = figures.declineReasons.reduce((n, r) => n + r.count, 0);
  return (
    <section class="panel" aria-labelledby="dash-declines">
      <h2 id="dash-declines">{t('bo.dashboard.declines.title')}</h2>
      <HorizontalBarChart
        id="chart-declines"
        title={t('bo.dashboard.declines.title')}
        desc={t('bo.dashboard.declines.desc', { from: i18n.date(span.from), to: i18n.date(span.to), total })}
        rows={figures.declineReasons.map((r) => ({
          label: r.reason,
          value: r.count,
          display: String(r.count),
          href: links.payments(span, { status: 'declined', decline: r.reason }),
        }))}
        labelHeader={t('bo.dashboard.declines.reason')}
        valueHeader={t('bo.dashboard.declines.count')}
        tableSummary={t('bo.dashboard.table')}
        empty={t('bo.dashboard.declines.empty')}
      />
    </section>
  );
}

function RevenueSection({ i18n, figures }: Props): SafeHtml {
  const t = i18n.t;
  const span = { from: figures.window.from, to: figures.window.to };
  const total = figures.revenueByProduct.reduce((n, r) => n + r.cents, 0);
  return (
    <section class="panel" aria-labelledby="dash-revenue">
      <h2 id="dash-revenue">{t('bo.dashboard.revenue.title')}</h2>
      <HorizontalBarChart
        id="chart-revenue"
        title={t('bo.dashboard.revenue.title')}
        desc={t('bo.dashboard.revenue.desc', {
          from: i18n.date(span.from),
          to: i18n.date(span.to),
          total: i18n.money(total),
        })}
        rows={figures.revenueByProduct.map((r) => ({
          label: r.name[i18n.locale],
          value: r.cents,
          display: i18n.money(r.cents),
          href: links.orders(span, { state: 'paid', product: r.productCode }),
        }))}
        labelHeader={t('bo.dashboard.revenue.product')}
        valueHeader={t('bo.dashboard.revenue.amount')}
        tableSummary={t('bo.dashboard.table')}
        empty={t('bo.dashboard.revenue.empty')}
      />
    </section>
  );
}

function RenewalsSection({ i18n, figures }: Props): SafeHtml {
  const t = i18n.t;
  const r = figures.renewals;
  const span = { from: figures.window.from, to: figures.window.to };
  const none = t('bo.dashboard.none');
  return (
    <section class="panel" aria-labelledby="dash-renewals">
      <h2 id="dash-renewals">{t('bo.dashboard.renewals.title')}</h2>
      <ul class="dash-tiles">
        <Tile label={t('bo.dashboard.renewals.due7')} value={String(r.dueIn7)} href={links.renewalsDue(7)} />
        <Tile label={t('bo.dashboard.renewals.due30')} value={String(r.dueIn30)} href={links.renewalsDue(30)} />
        <Tile
          label={t('bo.dashboard.renewals.firstTry')}
          value={percent(r.firstTrySucceeded, r.charged) ?? none}
          href={links.renewals(span, 'succeeded')}
          note={t('bo.dashboard.renewals.firstTryOf', { ok: r.firstTrySucceeded, charged: r.charged })}
        />
        <Tile
          label={t('bo.dashboard.renewals.recovered')}
          value={String(r.recovered)}
          href={links.payments(span, { status: 'declined', purpose: 'renewal_charge' })}
        />
        <Tile label={t('bo.dashboard.renewals.lapsing')} value={String(r.lapsingIn30)} href={links.renewalsLapsing()} />
      </ul>
      <h3 id="dash-recovery">{t('bo.dashboard.renewals.recoveryTitle')}</h3>
      {r.recoveryByCode.length === 0 ? (
        <p class="hint">{t('bo.dashboard.renewals.noRecovery')}</p>
      ) : (
        <div class="table-wrap">
          <table aria-labelledby="dash-recovery">
            <thead>
              <tr>
                <th scope="col">{t('bo.dashboard.renewals.code')}</th>
                <th scope="col">{t('bo.dashboard.renewals.declined')}</th>
                <th scope="col">{t('bo.dashboard.renewals.recoveredCol')}</th>
                <th scope="col">{t('bo.dashboard.renewals.rate')}</th>
              </tr>
            </thead>
            <tbody>
              {r.recoveryByCode.map((row) => (
                <tr>
                  <th scope="row">
                    <a
                      href={links.payments(span, { status: 'declined', purpose: 'renewal_charge', decline: row.code })}
                    >
                      {row.code}
                    </a>
                  </th>
                  <td class="num">{String(row.declined)}</td>
                  <td class="num">{String(row.recovered)}</td>
                  <td class="num">{percent(row.recovered, row.declined) ?? none}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function QueuesSection({ i18n, figures }: Props): SafeHtml {
  const t = i18n.t;
  const q = figures.queues;
  const oldest = q.emails.oldestPendingAgeMs;
  return (
    <section class="panel" aria-labelledby="dash-queues">
      <h2 id="dash-queues">{t('bo.dashboard.queues.title')}</h2>
      <ul class="dash-tiles">
        <Tile
          label={t('bo.dashboard.queues.emailsPending')}
          value={String(q.emails.pending)}
          href={links.emails('pending')}
          {...(oldest === null
            ? {}
            : { note: t('bo.dashboard.queues.emailsOldest', { age: formatAge(i18n, oldest) }) })}
        />
        <Tile
          label={t('bo.dashboard.queues.emailsFailed')}
          value={String(q.emails.failed)}
          href={links.emails('failed')}
        />
        <Tile
          label={t('bo.dashboard.queues.attention')}
          value={String(q.attemptsNeedingAttention)}
          href={links.needsAttention()}
        />
        <Tile
          label={t('bo.dashboard.queues.webhooks')}
          value={String(q.webhookDeliveriesFailed)}
          href={links.webhookFailures()}
        />
      </ul>
      {q.jobs.length === 0 ? (
        <p class="hint">{t('bo.dashboard.queues.noJobs')}</p>
      ) : (
        <div class="table-wrap">
          <table aria-labelledby="dash-queues">
            <thead>
              <tr>
                <th scope="col">{t('bo.dashboard.queues.queue')}</th>
                <th scope="col">{t('bo.dashboard.queues.open')}</th>
                <th scope="col">{t('bo.dashboard.queues.oldest')}</th>
              </tr>
            </thead>
            <tbody>
              {q.jobs.map((job) => (
                <tr>
                  <th scope="row">
                    <a href={links.jobs(job.queue)}>{job.queue}</a>
                  </th>
                  <td class="num">{String(job.open)}</td>
                  <td class="num">{job.oldestDueAgeMs === null ? '—' : formatAge(i18n, job.oldestDueAgeMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
