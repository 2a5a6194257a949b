import type { SafeHtml } from './jsx-runtime.ts';

/** The brands that have a mark of their own; any other card (Maestro, an unknown brand) gets the generic one. */
export type MarkedBrand = 'visa' | 'mastercard' | 'amex' | 'generic';

export function markOf(brand: string): MarkedBrand {
  return brand === 'visa' || brand === 'mastercard' || brand === 'amex' ? brand : 'generic';
}

/**
 * A card brand's mark, as inline SVG: no request, no inline style (only presentation attributes, which a strict
 * Content-Security-Policy allows). Always decorative — `aria-hidden`, never focusable — so the brand's name must stay
 * in the text next to it ("Visa •••• 4242"). Pagamenti, Area Clienti and the bank render this one component; the
 * size comes from `.card-mark` in each stylesheet (32×20 without it).
 */
export function CardBrandMark(props: { brand: string }): SafeHtml {
  const mark = markOf(props.brand);
  return (
    <svg
      class={`card-mark card-mark-${mark}`}
      viewBox="0 0 32 20"
      width="32"
      height="20"
      aria-hidden="true"
      focusable="false"
    >
      {MARKS[mark]()}
    </svg>
  );
}

// No font-style attribute: pages are checked for anything that looks like an inline style.
const wordmark = (word: string, fill: string) => (
  <text
    x="16"
    y="13.6"
    text-anchor="middle"
    font-family="Arial, Helvetica, sans-serif"
    font-size={word.length > 4 ? '7' : '8.5'}
    font-weight="700"
    fill={fill}
  >
    {word}
  </text>
);

const MARKS: Record<MarkedBrand, () => SafeHtml> = {
  visa: () => (
    <>
      <rect width="32" height="20" rx="3" fill="#1a1f71" />
      {wordmark('VISA', '#ffffff')}
    </>
  ),
  mastercard: () => (
    <>
      <rect width="32" height="20" rx="3" fill="#1b1b1b" />
      <circle cx="12.5" cy="10" r="6" fill="#eb001b" />
      <circle cx="19.5" cy="10" r="6" fill="#f79e1b" />
      <path d="M16 5.13a6 6 0 0 1 0 9.74a6 6 0 0 1 0-9.74z" fill="#ff5f00" />
    </>
  ),
  amex: () => (
    <>
      <rect width="32" height="20" rx="3" fill="#006fcf" />
      {wordmark('AMEX', '#ffffff')}
    </>
  ),
  generic: () => (
    <>
      <rect x="0.5" y="0.5" width="31" height="19" rx="2.5" fill="#f3f5f8" stroke="#4a5565" />
      <rect x="0.5" y="4" width="31" height="3.5" fill="#4a5565" />
      <rect x="4" y="12" width="10" height="2" rx="1" fill="#4a5565" />
    </>
  ),
};
