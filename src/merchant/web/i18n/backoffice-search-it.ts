/** The back office's search texts, in Italian (the source of their keys). */
export const backofficeSearchIt = {
  'bo.search.title': 'Cerca',
  'bo.search.resultsFor': 'Risultati per «{query}»',
  'bo.search.none': 'Nessun risultato',
  'bo.search.noneHint':
    "Si cerca per email, nome, numero d'ordine, servizio, ultime quattro cifre della carta, id del pagamento o della sessione bancaria.",
  'bo.search.tooShort': 'Scrivi almeno {min} caratteri da cercare.',
  'bo.search.tooLong': 'La ricerca può avere al massimo {max} caratteri.',
  'bo.search.group.customers': 'Clienti',
  'bo.search.group.orders': 'Ordini',
  'bo.search.group.services': 'Servizi',
  'bo.search.group.payments': 'Pagamenti',
  'bo.search.group.count': 'Risultati: {count}',
  'bo.search.group.capped': 'Sono mostrati i primi {count}: precisa la ricerca per vedere gli altri.',
  'bo.search.col.name': 'Nome',
  'bo.search.col.email': 'Email',
} as const;

export type BackofficeSearchKey = keyof typeof backofficeSearchIt;
