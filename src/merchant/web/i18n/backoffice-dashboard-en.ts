import type { BackofficeDashboardKey } from './backoffice-dashboard-it.ts';

/** The back office's dashboard texts, in English: typed by the Italian keys. */
export const backofficeDashboardEn: Record<BackofficeDashboardKey, string> = {};
