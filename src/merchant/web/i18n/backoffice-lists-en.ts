import type { BackofficeListsKey } from './backoffice-lists-it.ts';

/** The back office's lists texts, in English: typed by the Italian keys. */
export const backofficeListsEn: Record<BackofficeListsKey, string> = {};
