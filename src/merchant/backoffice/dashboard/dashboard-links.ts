/**
 * Where each dashboard figure leads: the filtered lists of the back office (their URLs are the lists' contract, see
 * docs/backoffice.md). Every window link carries the window's first and last business day.
 */

export interface Span {
  from: string;
  to: string;
}

function url(path: string, params: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) query.set(key, String(value));
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

export const dashboardLinks = {
  payments: (span: Span, filter: { status?: string; purpose?: string; decline?: string } = {}) =>
    url('/pagamenti', { status: filter.status, purpose: filter.purpose, decline: filter.decline, ...span }),
  orders: (span: Span, filter: { state?: string; kind?: string; product?: string } = {}) =>
    url('/ordini', { state: filter.state, kind: filter.kind, product: filter.product, ...span }),
  renewals: (span: Span, status?: string) => url('/rinnovi', { status, ...span }),
  renewalsDue: (days: 7 | 30) => url('/rinnovi', { due_within: days }),
  renewalsLapsing: () => url('/rinnovi', { lapsing: 30 }),
  refunds: (span: Span, status?: string) => url('/rimborsi', { status, ...span }),
  emails: (status: 'failed' | 'pending') => url('/email-fallite', { status }),
  jobs: (queue: string) => url('/lavori', { queue }),
  webhookFailures: () => url('/consegne-webhook', { status: 'failed' }),
  needsAttention: () => url('/pagamenti', { status: 'needs_attention' }),
};
