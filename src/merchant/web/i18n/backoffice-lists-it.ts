/** The back office's lists texts, in Italian (the source of their keys). */
export const backofficeListsIt = {} as const;

export type BackofficeListsKey = keyof typeof backofficeListsIt;
