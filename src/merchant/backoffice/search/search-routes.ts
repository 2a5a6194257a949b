import type { BackofficeRoutes } from '../backoffice-deps.ts';
import { SEARCH_PATH } from '../backoffice-nav.ts';
import { sendBackofficePage } from '../backoffice-page.tsx';
import { operatorOf } from '../operator-guard.ts';
import { searchBackoffice } from './search-backoffice.ts';
import { SEARCH_MAX_LENGTH, SEARCH_MIN_LENGTH } from './search-query.ts';
import { SearchRefusedPage, SearchResultsPage } from './search-views.tsx';

/**
 * `GET /cerca?q=`, the frame's search box: 303 to the one object an identifier names, else the groups it found.
 * A query too short or too long (or given twice) is a 400 page that says so; any role may search.
 */
export const searchRoutes: BackofficeRoutes = (deps) => async (app) => {
  app.get(SEARCH_PATH, async (request, reply) => {
    operatorOf(request);
    const given = (request.query as Record<string, unknown> | undefined)?.q;
    // A repeated `q` arrives as an array: read as nothing, so it is refused as too short.
    const query = typeof given === 'string' ? given : '';
    const outcome = await searchBackoffice(deps.db, query);
    const t = request.i18n.t;
    if (outcome.kind === 'exact') return reply.redirect(outcome.location, 303);
    if (outcome.kind === 'groups') {
      return sendBackofficePage(request, reply, {
        title: t('bo.search.title'),
        query: query.trim(),
        children: SearchResultsPage({ i18n: request.i18n, query: query.trim(), groups: outcome.groups }),
      });
    }
    const message =
      outcome.kind === 'too_short'
        ? t('bo.search.tooShort', { min: SEARCH_MIN_LENGTH })
        : t('bo.search.tooLong', { max: SEARCH_MAX_LENGTH });
    return sendBackofficePage(request, reply, {
      title: t('bo.search.title'),
      status: 400,
      query: query.trim().slice(0, SEARCH_MAX_LENGTH),
      children: SearchRefusedPage({ i18n: request.i18n, message }),
    });
  });
};
