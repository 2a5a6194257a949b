import type { MessageKey } from '../web/i18n/i18n.ts';

/**
 * The back office's main navigation, in order. The first four names are the issue's own ("Dashboard", "Ordini",
 * "Pagamenti", "Registro attività"): keep them.
 */
export const BACKOFFICE_NAV = [
  { path: '/', label: 'bo.nav.dashboard' },
  { path: '/ordini', label: 'bo.nav.orders' },
  { path: '/pagamenti', label: 'bo.nav.payments' },
  { path: '/rimborsi', label: 'bo.nav.refunds' },
  { path: '/rinnovi', label: 'bo.nav.renewals' },
  { path: '/fatture', label: 'bo.nav.invoices' },
  { path: '/email-fallite', label: 'bo.nav.failedEmails' },
  { path: '/registro', label: 'bo.nav.audit' },
] as const satisfies readonly { path: string; label: MessageKey }[];

/** Pages an operator reaches without being signed in. */
export const BACKOFFICE_PUBLIC_PATHS = new Set([
  '/login',
  '/login/codice',
  '/login/attiva',
  '/locale',
  '/healthz',
  '/readyz',
]);

/** The search box's target: `GET /cerca?q=…`. */
export const SEARCH_PATH = '/cerca';
