/** The back office's confirmed actions, in Italian (the source of their keys). */
export const backofficeActionsIt = {
  'bo.action.consequences': 'Cosa succede',
  'bo.action.reason': 'Motivo',
  'bo.action.reasonHint': 'Obbligatorio: resta nel Registro attività con il tuo nome, la data e cosa è cambiato.',
  'bo.action.reasonRequired': 'Scrivi il motivo (da {min} a {max} caratteri).',
  'bo.action.cancel': 'Annulla',
  'bo.action.back': 'Torna indietro',
  'bo.signOut.title': 'Disconnetti {name} ovunque',
  'bo.signOut.sessions': 'Sessioni aperte ora: {count}.',
  'bo.signOut.effect':
    'Ogni sessione in Area Clienti e nella pagina di pagamento finisce subito, su ogni dispositivo: per rientrare servono email ({email}) e password.',
  'bo.signOut.nothingElse': 'Ordini, carte salvate e rinnovi non cambiano; un pagamento già alla banca prosegue.',
  'bo.signOut.submit': 'Disconnetti ovunque',
  'bo.done.resend_email': 'Email rimessa in coda: parte entro un minuto.',
  'bo.done.retry_email': "Nuovo tentativo di invio dell'email in coda.",
  'bo.done.cancel_order': 'Ordine annullato.',
  'bo.done.auto_renew_off': 'Rinnovo automatico disattivato: il cliente riceve la conferma per email.',
  'bo.done.reconcile_attempt': 'Stato del pagamento verificato con la banca.',
  'bo.done.send_payment_link': 'Link di pagamento inviato al cliente.',
  'bo.done.sign_out_customer': 'Il cliente è stato disconnesso da tutti i dispositivi.',
  'bo.done.retransmit_invoice':
    'Documento rimesso in coda per il SdI come nuovo file: lo stato torna «In attesa» finché il SdI non risponde.',
  'bo.done.refund': 'Rimborso eseguito dalla banca: il cliente riceve la conferma per email.',
  'bo.done.refund_failed':
    'La banca ha rifiutato il rimborso: nulla è stato restituito. Il motivo è nella cronologia; puoi riprovare.',
  'bo.done.refund_pending':
    'La banca non ha ancora confermato il rimborso: Cassa lo richiede di nuovo da sola, con la stessa chiave.',
  'bo.done.manage_promotions': 'Promozione aggiornata.',
  'bo.done.manage_operators': 'Operatore aggiornato.',
  'bo.done.manage_api_keys': 'Chiave API aggiornata.',
  'bo.done.manage_webhook_endpoints': 'Endpoint webhook aggiornato.',
} as const;

export type BackofficeActionsKey = keyof typeof backofficeActionsIt;
