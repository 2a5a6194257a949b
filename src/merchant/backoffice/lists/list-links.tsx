import type { SafeHtml } from '../../../shared/html/jsx-runtime.ts';
import { idParam } from './list-definition.ts';

/** Where an operator goes next from a row: the order page, the customer page and an email's page. */
export function orderPath(number: string): string {
  return `/ordini/${encodeURIComponent(number)}`;
}

export function customerPath(customerId: number): string {
  return `/clienti/${customerId}`;
}

/** One outbox email as it was sent, with its resend and retry actions. */
export function emailPath(emailId: number): string {
  return `/email/${emailId}`;
}

/** The row id a path names (`/clienti/12`), in the filters' own format, or null (a 404) for text that is not one. */
export function idOfPath(text: string | undefined): number | null {
  const parsed = idParam.safeParse(text);
  return parsed.success ? parsed.data : null;
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
