/** The back office's search texts, in Italian (the source of their keys). */
export const backofficeSearchIt = {} as const;

export type BackofficeSearchKey = keyof typeof backofficeSearchIt;
