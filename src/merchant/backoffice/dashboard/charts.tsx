import type { SafeHtml } from '../../../shared/html/jsx-runtime.ts';

/**
 * Server-rendered SVG charts, no JavaScript. Each is an image with a title and a description (`role="img"`,
 * `aria-labelledby`), tells its series apart by pattern as well as colour (and a legend with the totals), and is
 * followed by a table with the same numbers for whoever cannot read the picture. Colours are backoffice-dashboard.css's
 * (`chart-s0`…`chart-s2`): each is at least 4.5:1 against white.
 */

export interface ChartSeries {
  label: string;
  /** Shown in the legend beside the label (a total, formatted). */
  total: string;
  /** Where the series' list is (the legend links there). */
  href?: string;
}

export interface StackedBar {
  /** The x label ('YYYY-MM-DD' shown as given: pass it formatted). */
  label: string;
  /** One value per series, in the series' order. */
  values: readonly number[];
}

const WIDTH = 720;
const HEIGHT = 240;
const LEFT = 40;
const BOTTOM = 24;
const TOP = 8;

/** The three fills: plain, hatched, dotted (see the <defs> of each chart). */
function fill(id: string, series: number): string {
  return series === 0 ? '' : `url(#${id}-p${series})`;
}

/** A CSS fill would beat the pattern's `fill` attribute: the plain series takes the class, the others the pattern. */
function seriesFill(id: string, series: number): { class?: string; fill?: string } {
  return series === 0 ? { class: 'chart-s0' } : { fill: fill(id, series), class: 'chart-outline' };
}

function Patterns({ id }: { id: string }): SafeHtml {
  return (
    <defs>
      <pattern id={`${id}-p1`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="6" height="6" class="chart-s1" />
        <line x1="0" y1="0" x2="0" y2="6" class="chart-hatch" />
      </pattern>
      <pattern id={`${id}-p2`} width="6" height="6" patternUnits="userSpaceOnUse">
        <rect width="6" height="6" class="chart-s2" />
        <circle cx="3" cy="3" r="1.3" class="chart-dot" />
      </pattern>
    </defs>
  );
}

/** A round top for the y axis (1, 2 or 5 times a power of ten) at or above `max`. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

function Legend({ series, id }: { series: readonly ChartSeries[]; id: string }): SafeHtml {
  return (
    <ul class="chart-legend">
      {series.map((s, i) => (
        <li>
          <svg width="14" height="14" aria-hidden="true" focusable="false">
            {i > 0 && <Patterns id={`${id}-l${i}`} />}
            <rect width="14" height="14" {...seriesFill(`${id}-l${i}`, i)} />
          </svg>{' '}
          {s.href ? <a href={s.href}>{s.label}</a> : s.label}: <strong>{s.total}</strong>
        </li>
      ))}
    </ul>
  );
}

/** Bars per day (or any label), stacked by series, with a legend and the table fallback. */
export function StackedBarChart(props: {
  id: string;
  title: string;
  desc: string;
  series: readonly ChartSeries[];
  bars: readonly StackedBar[];
  /** Header of the table's first column ("Giorno"), and of its last ("Totale"). */
  labelHeader: string;
  totalHeader: string;
  tableSummary: string;
  /** Show one x label every `labelEvery` bars. */
  labelEvery?: number;
}): SafeHtml {
  const { id, bars, series } = props;
  const top = niceMax(Math.max(0, ...bars.map((b) => b.values.reduce((n, v) => n + v, 0))));
  const plotW = WIDTH - LEFT - 8;
  const plotH = HEIGHT - TOP - BOTTOM;
  const slot = plotW / Math.max(1, bars.length);
  const barW = Math.max(1, slot * 0.7);
  const y = (v: number) => TOP + plotH - (v / top) * plotH;
  const every = props.labelEvery ?? Math.ceil(bars.length / 6);
  return (
    <figure class="chart">
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        class="chart-svg"
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={`${id}-title`}>{props.title}</title>
        <desc id={`${id}-desc`}>{props.desc}</desc>
        <Patterns id={id} />
        {[0, 0.5, 1].map((f) => (
          <g>
            <line x1={LEFT} x2={WIDTH - 8} y1={y(top * f)} y2={y(top * f)} class="chart-grid" />
            <text x={LEFT - 6} y={y(top * f) + 4} class="chart-axis" text-anchor="end">
              {String(Math.round(top * f))}
            </text>
          </g>
        ))}
        {bars.map((bar, i) => {
          let base = 0;
          const x = LEFT + i * slot + (slot - barW) / 2;
          return (
            <g>
              {bar.values.map((v, s) => {
                if (v <= 0) return null;
                const rect = (
                  <rect
                    x={x.toFixed(1)}
                    y={y(base + v).toFixed(1)}
                    width={barW.toFixed(1)}
                    height={(y(base) - y(base + v)).toFixed(1)}
                    {...seriesFill(id, s)}
                  />
                );
                base += v;
                return rect;
              })}
              {i % every === 0 && (
                <text x={(x + barW / 2).toFixed(1)} y={HEIGHT - 6} class="chart-axis" text-anchor="middle">
                  {bar.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <Legend series={series} id={id} />
      </figcaption>
      <details class="chart-table">
        <summary>{props.tableSummary}</summary>
        <section class="table-wrap" aria-label={props.title} tabindex="0">
          <table>
            <caption>{props.title}</caption>
            <thead>
              <tr>
                <th scope="col">{props.labelHeader}</th>
                {series.map((s) => (
                  <th scope="col">{s.label}</th>
                ))}
                <th scope="col">{props.totalHeader}</th>
              </tr>
            </thead>
            <tbody>
              {bars.map((bar) => (
                <tr>
                  <th scope="row">{bar.label}</th>
                  {bar.values.map((v) => (
                    <td class="num">{String(v)}</td>
                  ))}
                  <td class="num">{String(bar.values.reduce((n, v) => n + v, 0))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </details>
    </figure>
  );
}

export interface HorizontalBar {
  label: string;
  value: number;
  /** The value as shown (a count, or money formatted). */
  display: string;
  href?: string;
}

/** One bar per row, labelled with its name and value, with the table fallback. */
export function HorizontalBarChart(props: {
  id: string;
  title: string;
  desc: string;
  rows: readonly HorizontalBar[];
  labelHeader: string;
  valueHeader: string;
  tableSummary: string;
  empty: string;
}): SafeHtml {
  const { id, rows } = props;
  if (rows.length === 0) return <p class="hint">{props.empty}</p>;
  const rowH = 28;
  const labelW = 230;
  const valueW = 110;
  const height = rows.length * rowH + 8;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const plotW = WIDTH - labelW - valueW;
  return (
    <figure class="chart">
      <svg role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${WIDTH} ${height}`} class="chart-svg">
        <title id={`${id}-title`}>{props.title}</title>
        <desc id={`${id}-desc`}>{props.desc}</desc>
        {rows.map((row, i) => {
          const top = 4 + i * rowH;
          const w = row.value > 0 ? Math.max(2, (row.value / max) * plotW) : 0;
          return (
            <g>
              <text x={labelW - 8} y={top + 17} class="chart-label" text-anchor="end">
                {row.label}
              </text>
              <rect x={labelW} y={top + 4} width={w.toFixed(1)} height={rowH - 10} class="chart-s0" />
              <text x={(labelW + w + 6).toFixed(1)} y={top + 17} class="chart-label">
                {row.display}
              </text>
            </g>
          );
        })}
      </svg>
      <details class="chart-table">
        <summary>{props.tableSummary}</summary>
        <section class="table-wrap" aria-label={props.title} tabindex="0">
          <table>
            <caption>{props.title}</caption>
            <thead>
              <tr>
                <th scope="col">{props.labelHeader}</th>
                <th scope="col">{props.valueHeader}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr>
                  <th scope="row">{row.href ? <a href={row.href}>{row.label}</a> : row.label}</th>
                  <td class="num">{row.display}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </details>
    </figure>
  );
}
