/**
 * A tiny JSX runtime that renders straight to HTML strings for server-side views.
 *
 * Every string child and attribute value is escaped; only {@link SafeHtml} passes through unchanged, so
 * markup can enter a page only by being built with JSX or explicitly wrapped with {@link raw}.
 */

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Child = SafeHtml | string | number | bigint | boolean | null | undefined | readonly Child[];

type Props = Record<string, unknown> & { children?: Child };
type Component<P> = (props: P) => SafeHtml;

const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Nothing: what a component renders when it has nothing to show. */
export const NOTHING = new SafeHtml('');

/** Marks trusted markup (e.g. a doctype) as already safe. Never pass user input. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

export function renderChild(child: Child): string {
  if (child === null || child === undefined || child === false || child === true) return '';
  if (child instanceof SafeHtml) return child.value;
  if (Array.isArray(child)) return child.map(renderChild).join('');
  return escapeHtml(String(child));
}

function renderAttributes(props: Props): string {
  let out = '';
  for (const [name, value] of Object.entries(props)) {
    if (name === 'children' || value === false || value === null || value === undefined) continue;
    if (value === true) out += ` ${name}`;
    else out += ` ${name}="${escapeHtml(String(value))}"`;
  }
  return out;
}

export function jsx<P extends Props>(type: string | Component<P>, props: P): SafeHtml {
  if (typeof type === 'function') return type(props);
  const attributes = renderAttributes(props);
  if (VOID_ELEMENTS.has(type)) return new SafeHtml(`<${type}${attributes}>`);
  return new SafeHtml(`<${type}${attributes}>${renderChild(props.children)}</${type}>`);
}

export const jsxs = jsx;
export const jsxDEV = jsx;

export function Fragment(props: { children?: Child }): SafeHtml {
  return new SafeHtml(renderChild(props.children));
}

export declare namespace JSX {
  type Element = SafeHtml;
  interface ElementChildrenAttribute {
    children: unknown;
  }
  interface IntrinsicElements {
    [element: string]: Record<string, unknown>;
  }
}
