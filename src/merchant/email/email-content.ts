import type { EmailI18n } from './email-i18n.ts';

/**
 * What an email says, as blocks, before it becomes HTML or plain text: both are rendered from the same blocks, so the
 * two parts of a message cannot say different things.
 */
export type EmailBlock =
  | { kind: 'paragraph'; text: string; strong?: boolean }
  /** Label → value pairs (order number, card, dates). */
  | { kind: 'facts'; rows: Array<[string, string]> }
  /** A table with a header row; `totals` follow as label → value rows. */
  | { kind: 'table'; caption: string; head: string[]; rows: string[][]; totals?: Array<[string, string]> }
  | { kind: 'button'; label: string; href: string };

export interface EmailContent {
  subject: string;
  heading: string;
  blocks: EmailBlock[];
}

/** Where links point, what the footer says, and where its dates are: from configuration. */
export interface EmailSettings {
  providerName: string;
  /** config.brand.color: the header band's colour; unset, the palette's own (EMAIL_PALETTE.brand). */
  brandColor?: string | undefined;
  /** config.businessTimeZone: instants (paid at, refunded at) are shown there. */
  timeZone: string;
  support: { customersPhone: string; partnersPhone: string; hours: { it: string; en: string } };
  urls: { area: string; pay: string };
}

export interface TemplateContext {
  i18n: EmailI18n;
  settings: EmailSettings;
  /** The first line: "Gentile Mario Rossi," with the recipient's name, "Gentile cliente," without. */
  greeting: string;
}

/** Who an email is to, beyond the address: their name greets them (see renderEmail). */
export interface EmailRecipient {
  name?: string | null;
}
