import type { BackofficeSearchKey } from './backoffice-search-it.ts';

/** The back office's search texts, in English: typed by the Italian keys. */
export const backofficeSearchEn: Record<BackofficeSearchKey, string> = {
  'bo.search.title': 'Search',
  'bo.search.resultsFor': 'Results for “{query}”',
  'bo.search.none': 'No results',
  'bo.search.noneHint':
    'Search by email, name, order number, service, the card’s last four digits, payment id or bank session id.',
  'bo.search.tooShort': 'Type at least {min} characters to search for.',
  'bo.search.tooLong': 'A search can be at most {max} characters long.',
  'bo.search.group.customers': 'Customers',
  'bo.search.group.orders': 'Orders',
  'bo.search.group.services': 'Services',
  'bo.search.group.payments': 'Payments',
  'bo.search.group.count': 'Results: {count}',
  'bo.search.group.capped': 'The first {count} are shown: refine the search to see the others.',
  'bo.search.col.name': 'Name',
  'bo.search.col.email': 'Email',
};
