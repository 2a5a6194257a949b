/** The back office's dashboard texts, in Italian (the source of their keys). */
export const backofficeDashboardIt = {} as const;

export type BackofficeDashboardKey = keyof typeof backofficeDashboardIt;
