import { describe, expect, it } from 'vitest';
import { HorizontalBarChart, niceMax, StackedBarChart } from './charts.tsx';

const stacked = () =>
  StackedBarChart({
    id: 'c1',
    title: 'Pagamenti al giorno',
    desc: '3 incassati, 1 rifiutato',
    series: [
      { label: 'Incassati', total: '3', href: '/pagamenti?status=captured' },
      { label: 'Rifiutati', total: '1' },
      { label: 'Altro', total: '0' },
    ],
    bars: [
      { label: '01/11', values: [2, 1, 0] },
      { label: '02/11', values: [1, 0, 0] },
      { label: '03/11', values: [0, 0, 0] },
    ],
    labelHeader: 'Giorno',
    totalHeader: 'Totale',
    tableSummary: 'Tabella',
    labelEvery: 1,
  }).toString();

describe('charts', () => {
  it('a stacked bar chart is an image with its title and description', () => {
    const html = stacked();
    expect(html).toContain('<svg role="img" aria-labelledby="c1-title c1-desc"');
    expect(html).toContain('<title id="c1-title">Pagamenti al giorno</title>');
    expect(html).toContain('<desc id="c1-desc">3 incassati, 1 rifiutato</desc>');
    // One rectangle per non-zero segment: 2 + 1 on the first day, 1 on the second, none on the third.
    const bars = html.match(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+"/g) ?? [];
    expect(bars).toHaveLength(3);
    // The second series is told apart by its pattern, not by colour alone.
    expect(html).toContain('fill="url(#c1-p1)"');
    expect(html).toContain('<pattern id="c1-p1"');
  });

  it('its legend gives each series its total and link, and its table the same numbers', () => {
    const html = stacked();
    expect(html).toContain('<a href="/pagamenti?status=captured">Incassati</a>: <strong>3</strong>');
    expect(html).toContain('Rifiutati: <strong>1</strong>');
    expect(html).toContain('<details class="chart-table"><summary>Tabella</summary>');
    expect(html).toContain(
      '<tr><th scope="row">01/11</th><td class="num">2</td><td class="num">1</td><td class="num">0</td><td class="num">3</td></tr>',
    );
    expect(html).toContain('<th scope="col">Giorno</th><th scope="col">Incassati</th>');
  });

  it('a horizontal bar chart labels every bar with its name and value, widest for the largest', () => {
    const html = HorizontalBarChart({
      id: 'h1',
      title: 'Motivi di rifiuto',
      desc: '5 in tutto',
      rows: [
        { label: 'insufficient_funds', value: 4, display: '4', href: '/pagamenti?decline=insufficient_funds' },
        { label: 'do_not_honor', value: 1, display: '1' },
      ],
      labelHeader: 'Motivo',
      valueHeader: 'Rifiuti',
      tableSummary: 'Tabella',
      empty: 'Nessuno',
    }).toString();
    expect(html).toContain('<title id="h1-title">Motivi di rifiuto</title>');
    const widths = [...html.matchAll(/<rect x="230" y="[\d.]+" width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(2);
    expect(widths[0]).toBeCloseTo(4 * (widths[1] as number), 0);
    expect(html).toContain('>insufficient_funds</text>');
    expect(html).toContain(
      '<th scope="row"><a href="/pagamenti?decline=insufficient_funds">insufficient_funds</a></th><td class="num">4</td>',
    );
  });

  it('an empty horizontal chart says so instead of drawing nothing', () => {
    const html = HorizontalBarChart({
      id: 'h2',
      title: 'T',
      desc: 'D',
      rows: [],
      labelHeader: 'a',
      valueHeader: 'b',
      tableSummary: 's',
      empty: 'Nessun incasso nel periodo.',
    }).toString();
    expect(html).toBe('<p class="hint">Nessun incasso nel periodo.</p>');
  });

  it('rounds the axis up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 1, 3, 7, 12, 20, 51].map(niceMax)).toEqual([1, 1, 5, 10, 20, 20, 100]);
  });
});
