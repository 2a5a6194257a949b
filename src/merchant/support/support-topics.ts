import type { SupportTopic } from '../../db/schema.ts';

/** The fixed topics of "Contatta i nostri esperti", in the order the form lists them (the database checks them too). */
export const SUPPORT_TOPICS = [
  'payments',
  'orders',
  'services',
  'account',
  'other',
] as const satisfies readonly SupportTopic[];

/** A message is at most this long (the database checks it too). */
export const SUPPORT_MESSAGE_MAX = 4000;
