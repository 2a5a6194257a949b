import type { BackofficeSearchKey } from './backoffice-search-it.ts';

/** The back office's search texts, in English: typed by the Italian keys. */
export const backofficeSearchEn: Record<BackofficeSearchKey, string> = {};
