import type { SafeHtml } from '../../../shared/html/jsx-runtime.ts';

/** Where an operator goes next from a row: the order page and the customer page (built beside the lists). */
export function orderPath(number: string): string {
  return `/ordini/${encodeURIComponent(number)}`;
}

export function customerPath(customerId: number): string {
  return `/clienti/${customerId}`;
}

export function OrderLink(props: { number: string | null }): SafeHtml {
  return props.number ? <a href={orderPath(props.number)}>{props.number}</a> : <>—</>;
}

export function CustomerLink(props: { id: number | null; name: string | null }): SafeHtml {
  return props.id !== null ? <a href={customerPath(props.id)}>{props.name ?? `#${props.id}`}</a> : <>—</>;
}

/** A status as a badge of its tone, with its Italian or English label. */
export function StatusBadge(props: { tone: 'ok' | 'wait' | 'off' | 'warn'; label: string }): SafeHtml {
  return <span class={`badge badge-${props.tone}`}>{props.label}</span>;
}
