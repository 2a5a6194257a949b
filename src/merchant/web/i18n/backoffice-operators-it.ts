/** The back office's operators page and its actions, in Italian (the source of their keys). */
export const backofficeOperatorsIt = {
  'bo.operators.title': 'Operatori',
  'bo.operators.cli':
    'Un nuovo operatore si crea dal terminale del server: npm run cassa -- operators create --email … --role viewer|support|admin (la password è mostrata una volta; il codice a due fattori si attiva al primo accesso).',
  'bo.operators.email': 'Email',
  'bo.operators.name': 'Nome',
  'bo.operators.role': 'Ruolo',
  'bo.operators.twoFactor': 'Verifica in due passaggi',
  'bo.operators.twoFactorOn': 'Attiva',
  'bo.operators.twoFactorOff': 'Da attivare al primo accesso',
  'bo.operators.status': 'Stato',
  'bo.operators.active': 'Attivo',
  'bo.operators.disabled': 'Disattivato',
  'bo.operators.you': 'Sei tu',
  'bo.operators.changeRole': 'Cambia ruolo',
  'bo.operators.disable': 'Disattiva',
  'bo.operators.enable': 'Riattiva',
  'bo.operators.roleTitle': 'Cambia il ruolo di {email}',
  'bo.operators.roleNow': 'Ruolo attuale: {role}.',
  'bo.operators.roleEffect':
    "Il nuovo ruolo vale dalla prossima pagina che l'operatore apre: Lettura vede e basta; Assistenza può anche reinviare email, disattivare rinnovi, annullare ordini, verificare pagamenti; Amministratore può anche rimborsare e gestire gli operatori.",
  'bo.operators.roleSubmit': 'Conferma ruolo',
  'bo.operators.roleInvalid': 'Scegli un ruolo tra Lettura, Assistenza e Amministratore.',
  'bo.operators.roleSame': "L'operatore ha già questo ruolo: scegline un altro.",
  'bo.operators.disableTitle': 'Disattiva {email}',
  'bo.operators.disableEffect':
    "L'operatore non può più accedere; le sue sessioni aperte finiscono alla prossima richiesta.",
  'bo.operators.disableAudit': 'Le sue voci nel Registro attività restano come sono.',
  'bo.operators.disableSubmit': 'Conferma disattivazione',
  'bo.operators.enableTitle': 'Riattiva {email}',
  'bo.operators.enableEffect':
    "L'operatore può accedere di nuovo, con la stessa password e la stessa verifica in due passaggi.",
  'bo.operators.enableSubmit': 'Conferma riattivazione',
  'bo.operators.alreadyDisabled': "L'operatore è già disattivato.",
  'bo.operators.notDisabled': "L'operatore è attivo: non c'è nulla da riattivare.",
  'bo.operators.notSelf': 'Non puoi cambiare il tuo ruolo né disattivarti: chiedilo a un altro amministratore.',
} as const;

export type BackofficeOperatorsKey = keyof typeof backofficeOperatorsIt;
