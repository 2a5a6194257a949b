/**
 * The Italian dictionary: the source of the message keys. Labels taken from the provider's own help page keep its
 * exact wording ("Gestisci", "Paga", "Attesa pagamento", "Pagato", "Annullato").
 * `{name}` placeholders are filled by `t()`; values are escaped by the views, never here.
 */
export const it = {
  'app.area': 'Area Clienti',
  'app.pay': 'Pagamenti',
  'layout.skip': 'Vai al contenuto',
  'layout.signedInAs': 'Accesso effettuato come',
  'layout.logout': 'Esci',
  'layout.language': 'Lingua',
  'layout.otherLanguage': 'English',
  'layout.otherLanguageCode': 'en',
  'footer.support': 'Assistenza',
  'footer.customers': 'Clienti',
  'footer.partners': 'Partner e CDRL',
  'footer.hours': 'Lun/Ven 08.30-18.00',

  'login.title': "Accedi all'Area Clienti",
  'login.intro': 'Gestisci i tuoi servizi e paga gli ordini in attesa di pagamento.',
  'login.email': 'Email',
  'login.password': 'Password',
  'login.submit': 'Accedi',
  'login.invalid': 'Email o password non corretti.',
  'login.rateLimited.account':
    'Troppi tentativi di accesso non riusciti con questa email. Per sicurezza attendi {wait} prima di riprovare.',
  'login.rateLimited.address': 'Troppi tentativi di accesso da questa rete. Attendi {wait} prima di riprovare.',
  'login.wait.second': '1 secondo',
  'login.wait.seconds': '{count} secondi',
  'login.wait.minute': '1 minuto',
  'login.wait.minutes': '{count} minuti',
  'login.loggedOut': "Sei uscito dall'Area Clienti e da Pagamenti.",

  'services.title': 'I tuoi servizi',
  'services.greeting': 'Ciao {name}, ecco i servizi a te intestati.',
  'services.empty': 'Non hai ancora servizi.',
  'services.product': 'Prodotto',
  'services.label': 'Servizio',
  'services.status': 'Stato',
  'services.expiry': 'Scadenza',
  'services.actions': 'Azioni',
  'services.manage': 'Gestisci',
  'services.awaiting.one': '1 ordine in attesa di pagamento',
  'services.awaiting.other': '{count} ordini in attesa di pagamento',
  'services.noDate': 'non ancora attivo',

  // Issue 10: the home page leads to payment; "Annulla" asks first; "Riattiva".
  'services.expiringToday': 'Scade oggi',
  'services.expiringIn.one': 'Scade domani',
  'services.expiringIn.other': 'Scade tra {count} giorni',
  'due.title': 'Da pagare',
  'due.total': 'Totale da pagare:',
  'orders.reactivate': 'Riattiva',
  'orderAction.cancel.title': "Annullare l'ordine {number}?",
  'orderAction.cancel.renewal':
    "Se annulli questo rinnovo, il servizio {label} non sarà rinnovato e scadrà il {date}. Fino a quella data potrai riaprire l'ordine con Riattiva.",
  'orderAction.cancel.renewalEnded':
    'Il servizio {label} non è più attivo: annullato questo rinnovo, per riattivare il servizio servirà un nuovo ordine.',
  'orderAction.cancel.purchasePending':
    "Se annulli questo ordine, il servizio {label} non sarà attivato e l'ordine non potrà più essere pagato.",
  'orderAction.cancel.purchase':
    "Se annulli questo ordine, non potrà più essere pagato. Il servizio {label} resta com'è.",
  'orderAction.cancel.submit': 'Conferma annullamento',
  'orderAction.cancel.back': 'No, torna al servizio',
  'orderAction.cancel.refusedTitle': "L'ordine {number} non può essere annullato",
  'orderAction.reactivate.refusedTitle': "L'ordine {number} non può essere riattivato",
  'orderAction.reactivate.hint':
    'Questo rinnovo è stato annullato. Puoi riaprirlo fino alla scadenza del servizio: tornerà in Attesa pagamento.',
  'orderAction.refused.paid': "L'ordine {number} è già stato pagato: non può essere annullato né riattivato.",
  'orderAction.refused.cancel.wrongState': "L'ordine {number} non è in Attesa pagamento: non c'è nulla da annullare.",
  'orderAction.refused.reactivate.wrongState': "L'ordine {number} non è annullato: non c'è nulla da riattivare.",
  'orderAction.refused.paymentInProgress':
    "Un pagamento dell'ordine {number} è in corso: finché non è concluso l'ordine non può essere annullato né riattivato. Riprova tra qualche minuto.",
  'orderAction.refused.notRenewal':
    "Solo un ordine di rinnovo annullato può essere riattivato: l'ordine {number} è un acquisto.",
  'orderAction.refused.serviceEnded':
    'Il servizio {label} non è più attivo: il rinnovo non può essere riattivato. Per rinnovarlo serve un nuovo ordine.',
  'orderAction.refused.otherOrder':
    'Un altro ordine del servizio {label} è già in Attesa pagamento: paga o annulla quello.',
  'orderAction.toOrder': "Torna all'ordine",
  'orderAction.done.reactivated': 'Ordine riattivato: è di nuovo in Attesa pagamento.',

  'subscription.status.pending': 'In attivazione',
  'subscription.status.active': 'Attivo',
  'subscription.status.expired': 'Scaduto',
  'subscription.status.cancelled': 'Cessato',

  'service.back': 'Torna ai tuoi servizi',
  'service.details': 'Dettagli del servizio',
  'service.activatedOn': 'Attivo dal',
  'service.renewalPeriod': 'Periodo di rinnovo',
  'service.years.one': '1 anno',
  'service.years.other': '{count} anni',
  'service.yearlyPrice': 'Prezzo annuale',
  'service.plusVat': '+ IVA {rate}%',
  'service.autoRenew': 'Rinnovo automatico',
  'service.autoRenew.on': 'Attivo sulla carta {card}. Puoi disattivarlo in qualsiasi momento.',
  'service.autoRenew.unavailable':
    'Non disponibile: il rinnovo automatico non è disponibile per Firma Digitale e Marca Temporale. Rinnova pagando ogni ordine.',

  'orders.title': 'Ordini',
  'orders.caption': 'Ordini del servizio {label}',
  'orders.none': 'Nessun ordine per questo servizio.',
  'orders.number': 'Numero ordine',
  'orders.date': 'Data',
  'orders.kind': 'Tipo',
  'orders.total': 'Totale IVA inclusa',
  'orders.state': 'Stato',
  'orders.actions': 'Azioni',
  'orders.pay': 'Paga',
  'order.kind.purchase': 'Acquisto',
  'order.kind.renewal': 'Rinnovo',
  'order.state.awaiting_payment': 'Attesa pagamento',
  'order.state.paid': 'Pagato',
  'order.state.cancelled': 'Annullato',

  'order.title': 'Ordine {number}',
  'order.back': 'Torna al servizio',
  'order.service': 'Servizio',
  'order.createdAt': 'Data ordine',
  'order.paidAt': 'Pagato il',
  'order.cancelledAt': 'Annullato il',
  'order.lines': "Dettaglio dell'ordine",
  'order.description': 'Descrizione',
  'order.quantity': 'Anni',
  'order.unitPrice': 'Prezzo annuale',
  'order.net': 'Imponibile',
  'order.vat': 'IVA',
  'order.totalDue': 'Totale',
  'orders.chargeInFlight': 'Pagamento in corso',
  'order.chargeInFlightHint':
    "Il rinnovo automatico sta addebitando questo ordine sulla carta registrata: l'esito arriva tra poco.",
  'order.payHint': 'Il pagamento si completa su Pagamenti, con carta di credito.',

  'pay.signin.title': 'Apri Pagamenti da Area Clienti',
  'pay.signin.body':
    "Per pagare un ordine accedi all'Area Clienti e clicca su Paga accanto all'ordine in Attesa pagamento.",
  'pay.handoff.title': 'Collegamento non più valido',
  'pay.handoff.expired':
    "Il collegamento da Area Clienti è scaduto (vale 60 secondi). Torna all'Area Clienti e clicca di nuovo su Paga.",
  'pay.handoff.used':
    "Questo collegamento da Area Clienti è già stato usato e non vale una seconda volta. Torna all'Area Clienti e clicca di nuovo su Paga.",
  'pay.handoff.invalid': "Il collegamento non è valido. Torna all'Area Clienti e clicca di nuovo su Paga.",
  'pay.backToArea': "Torna all'Area Clienti",
  'pay.signedOut.title': 'Sei uscito',
  'pay.signedOut.body':
    "Sei uscito da Pagamenti e dall'Area Clienti. Per pagare un ordine accedi di nuovo all'Area Clienti e clicca su Paga.",
  'pay.signedOut.login': "Accedi all'Area Clienti",
  'pay.method.title': 'Modalità di pagamento',
  'pay.method.legend': 'Scegli la modalità di pagamento',
  'pay.method.card': 'Carta di Credito',
  'pay.method.cardHint': 'Visa, Mastercard, Maestro, American Express, con autenticazione 3-D Secure.',
  'pay.method.submit': 'Paga Subito',
  'pay.orders.title': 'Ordini in attesa di pagamento',
  'pay.orders.intro': "Inserisci il numero d'ordine per cui vuoi concludere il pagamento e clicca su Procedi.",
  'pay.orders.caption': 'Riepilogo degli ordini in attesa di pagamento',
  'pay.orders.number': "Numero d'ordine",
  'pay.orders.service': 'Servizio',
  'pay.orders.date': 'Data',
  'pay.orders.total': 'Totale IVA inclusa',
  'pay.orders.none': 'Non hai ordini in attesa di pagamento.',
  'pay.orders.numberHint': 'Ad esempio ORD-2026-000123.',
  'pay.orders.notFound':
    "Non c'è un ordine in attesa di pagamento con il numero {number}. Controlla il numero d'ordine.",
  'pay.orders.malformed': "Il numero d'ordine ha la forma ORD-2026-000123. Controlla e riprova.",
  'pay.orders.paid': "L'ordine {number} è già stato pagato: non c'è nulla da pagare.",
  'pay.orders.cancelled': "L'ordine {number} è stato annullato e non può essere pagato.",
  'pay.proceed': 'Procedi',
  'pay.card.title': 'Scegli la carta di credito',
  'pay.card.order': 'Ordine {number} · {service} · {total}',
  'pay.card.legend': 'Carta con cui pagare',
  'pay.card.expires': 'scadenza {expiry}',
  'pay.card.expired': 'scaduta il {expiry}: non utilizzabile',
  'pay.card.default': 'predefinita',
  'pay.card.new': 'Nuova carta di pagamento',
  'pay.card.newHint':
    'Inserirai i dati della carta sulla pagina sicura della banca; la carta resterà registrata per i prossimi pagamenti.',
  'pay.card.choose': 'Scegli una delle carte registrate oppure Nuova carta di pagamento.',
  'pay.card.notUsable': 'La carta scelta non è utilizzabile (scaduta o non più registrata). Scegline un’altra.',
  'pay.bankUnavailable':
    'La banca non risponde in questo momento e il pagamento non è partito. Riprova tra qualche istante.',
  'pay.bankRefused': 'La banca non ha accettato la richiesta di pagamento. Riprova o scegli un’altra carta.',
  'pay.result.completed': 'Pagamento completato',
  'pay.result.order': 'Ordine',
  'pay.result.service': 'Servizio',
  'pay.result.amount': 'Importo',
  'pay.result.card': 'Carta',
  'pay.result.authorization': 'Codice di autorizzazione',
  'pay.result.next': 'Cosa succede ora',
  'pay.result.orderPaid': "L'ordine è Pagato.",
  'pay.result.serviceUntil': 'Il servizio è attivo fino al {date}.',
  'pay.result.autoRenewOn':
    'Il rinnovo automatico è attivo sulla carta {card}: il prossimo rinnovo sarà addebitato il {date}. Puoi disattivarlo in qualsiasi momento da Area Clienti.',
  'pay.result.autoRenewUnavailable': 'Il rinnovo automatico non è disponibile per questo prodotto.',
  'pay.result.emails': "Riceverai a breve un'email di conferma del pagamento.",
  'pay.result.emailsAutoRenew':
    "Riceverai a breve un'email di conferma del pagamento e una di conferma dell'attivazione del rinnovo automatico.",
  'pay.result.declined': 'Pagamento non riuscito',
  'pay.result.declinedText': 'La banca non ha autorizzato il pagamento: {reason}',
  'pay.result.stillAwaiting': "L'ordine {number} resta in Attesa pagamento: nessun importo è stato addebitato.",
  'pay.result.retry': 'Riprova',
  'pay.result.pending': 'Pagamento in verifica',
  'pay.result.pendingText':
    "Stiamo verificando con la banca l'esito del pagamento dell'ordine {number}. Questa pagina si aggiorna da sola.",
  'pay.result.refresh': 'Aggiorna ora',
  'pay.result.abandoned': 'Pagamento non concluso',
  'pay.result.abandonedText':
    'Il pagamento non è stato concluso in tempo presso la banca. Nessun importo è stato addebitato.',
  'pay.result.inProgress': 'Pagamento in corso',
  'pay.result.inProgressText':
    "Il pagamento dell'ordine {number} è in corso presso la banca, in questa o in un'altra finestra. Questa pagina si aggiorna da sola e mostrerà l'esito.",
  'pay.result.continue': 'Continua il pagamento',
  'pay.result.otherCard': 'Paga con un’altra carta',
  'pay.result.cancelled': 'Pagamento sostituito',
  'pay.result.cancelledText':
    "Questo pagamento è stato annullato presso la banca perché ne è stato avviato un altro per l'ordine {number}. Nessun importo è stato addebitato.",
  'pay.result.attention': 'Pagamento in verifica',
  'pay.result.attentionText':
    "Non riusciamo ancora a conoscere dalla banca l'esito del pagamento dell'ordine {number}. Lo stiamo verificando: non pagarlo di nuovo, ti scriveremo appena possibile.",
  'pay.result.voidedText':
    "L'ordine {number} era già stato pagato con un altro pagamento. L'autorizzazione di {amount} sulla carta {card} viene annullata: non ti viene addebitato nulla.",
  'pay.chargeInProgress.title': 'Pagamento in corso',
  'pay.chargeInProgress.body':
    "Il rinnovo automatico sta addebitando in questo momento l'ordine {number} sulla carta registrata. Attendi qualche minuto: troverai l'esito in Area Clienti.",
  'pay.card.openAttempt':
    'Un pagamento di questo ordine è già in corso in un’altra finestra. Se procedi, quel pagamento viene annullato presso la banca e ne parte uno nuovo.',
  'pay.result.duplicate': 'Ordine già pagato',
  'pay.result.refundedText':
    "L'ordine {number} era già stato pagato con un altro pagamento. Questo addebito di {amount} è stato rimborsato sulla carta {card}.",
  'pay.result.refundPendingText':
    "L'ordine {number} era già stato pagato con un altro pagamento. Questo addebito di {amount} sarà rimborsato sulla carta {card}.",
  'pay.decline.insufficient_funds': 'fondi insufficienti.',
  'pay.decline.do_not_honor': 'la banca emittente ha rifiutato la carta.',
  'pay.decline.expired_card': 'la carta è scaduta.',
  'pay.decline.stolen_card': 'la carta non può essere usata.',
  'pay.decline.card_not_active': 'la carta non è attiva.',
  'pay.decline.authentication_required': 'serve l’autenticazione 3-D Secure.',
  'pay.decline.authentication_failed': 'l’autenticazione 3-D Secure non è riuscita.',
  'pay.decline.authentication_expired': 'il tempo per l’autenticazione 3-D Secure è scaduto.',
  'pay.decline.processing_error': 'la banca non è riuscita a elaborare il pagamento.',
  'pay.decline.unknown': 'motivo non specificato.',

  'error.title': 'Errore',
  'error.back': 'Torna alla pagina principale',
  'error.bad_request.title': 'Richiesta non valida',
  'error.bad_request.body': 'I dati inviati non sono validi. Torna indietro e riprova.',
  'error.csrf_invalid.title': 'Modulo scaduto',
  'error.csrf_invalid.body':
    'Il modulo non è più valido (la sessione è cambiata o scaduta). Ricarica la pagina e riprova.',
  'error.not_found.title': 'Pagina non trovata',
  'error.not_found.body': 'La pagina che cerchi non esiste o non è disponibile per il tuo account.',
  'error.payload_too_large.title': 'Richiesta troppo grande',
  'error.payload_too_large.body': 'I dati inviati superano la dimensione consentita.',
  'error.unsupported_media_type.title': 'Formato non supportato',
  'error.unsupported_media_type.body': 'I dati inviati hanno un formato che non possiamo leggere.',
  'error.rate_limited.title': 'Troppe richieste',
  'error.rate_limited.body': 'Hai fatto troppe richieste in poco tempo. Attendi qualche minuto e riprova.',
  'error.internal.title': 'Si è verificato un errore',
  'error.internal.body':
    'Non siamo riusciti a completare la richiesta. Riprova tra poco; se il problema continua, contatta l’assistenza.',

  // Automatic renewal and payment cards (issue 6).
  'autoRenew.nextRenewal': 'Prossimo rinnovo',
  'autoRenew.nextRenewal.value': '{date}, {amount} IVA inclusa',
  'autoRenew.card': 'Carta',
  'autoRenew.off': 'Non attivo: alla scadenza il servizio non si rinnova da solo.',
  'autoRenew.deactivate': 'Disattiva rinnovo automatico',
  'autoRenew.activate': 'Attiva rinnovo automatico',
  'autoRenew.changeCard': 'Cambia carta',
  'autoRenew.chooseCard': 'Carta di pagamento',
  'autoRenew.noCards':
    'Non hai carte salvate valide. Aggiungine una da “Carte di pagamento”, oppure paga un ordine con carta.',
  'autoRenew.confirm.title': 'Disattivare il rinnovo automatico?',
  'autoRenew.confirm.body':
    'Il servizio {label} resterà attivo fino al {date}; dopo, dovrai rinnovarlo pagando l’ordine. Ti invieremo un’email di conferma.',
  'autoRenew.confirm.submit': 'Sì, disattiva',
  'autoRenew.confirm.cancel': 'No, torna al servizio',
  'autoRenew.done.off': 'Rinnovo automatico disattivato. Ti abbiamo inviato un’email di conferma.',
  'autoRenew.done.on': 'Rinnovo automatico attivato. Ti abbiamo inviato un’email di conferma.',
  'autoRenew.done.card': 'La carta del rinnovo automatico è stata cambiata.',
  'autoRenew.done.cancelled': 'Ordine annullato.',
  'banner.title': 'Aggiorna i tuoi dati',
  'banner.failed':
    'Il rinnovo automatico di {label} non è andato a buon fine. Paga l’ordine {order} o aggiorna la carta.',
  'banner.actionRequired':
    'La tua banca chiede di confermare il rinnovo di {label}: paga l’ordine {order} con 3-D Secure.',
  'banner.cards': 'Carte di pagamento',
  'orders.cancel': 'Annulla',
  'nav.cards': 'Carte di pagamento',
  'cards.title': 'Carte di pagamento',
  'cards.intro':
    'Le carte salvate presso la banca per i tuoi pagamenti e i rinnovi automatici. Non conserviamo mai il numero completo né il CVV.',
  'cards.empty': 'Non hai carte salvate.',
  'cards.card': 'Carta',
  'cards.expiry': 'Scadenza',
  'cards.holder': 'Intestatario',
  'cards.renews': 'Rinnovo automatico di',
  'cards.renewsNone': 'nessun servizio',
  'cards.expired': 'scaduta',
  'cards.remove': 'Rimuovi',
  'cards.replace': 'Sostituisci',
  'cards.replaceWith': 'Sostituisci con',
  'cards.remove.title': 'Rimuovere la carta {card}?',
  'cards.remove.body': 'La carta sarà cancellata anche presso la banca.',
  'cards.remove.warning':
    'Il rinnovo automatico si disattiverà su questi servizi, e ti invieremo un’email per ciascuno:',
  'cards.remove.submit': 'Sì, rimuovi la carta',
  'cards.remove.cancel': 'No, torna alle carte',
  'cards.done.removed': 'Carta rimossa.',
  'cards.done.replaced': 'I rinnovi automatici sono stati spostati sulla nuova carta.',
  'cards.add': 'Aggiungi carta',
  'cards.add.hint':
    'La banca verifica la carta con 3-D Secure e un’autorizzazione di 0,01 €, che viene poi annullata: non ti viene addebitato nulla.',
  'cards.done.added':
    'Carta aggiunta. L’autorizzazione di verifica di 0,01 € viene annullata: non ti viene addebitato nulla.',
  'cards.done.unavailable':
    'La banca non risponde in questo momento: la carta non è stata aggiunta. Riprova tra qualche minuto.',
  'cards.done.pending': 'La banca non ha ancora concluso la verifica della carta. Riprova tra qualche minuto.',
  'cards.done.failed': 'La carta non è stata verificata dalla banca e non è stata salvata.',

  // Help, feedback, contact and password reset (issue 10).
  'footer.help': 'Centro assistenza e contatti',
  'help.title': 'Assistenza',
  'help.intro': "Come pagare un ordine dall'Area Clienti, i numeri da chiamare e come scrivere ai nostri esperti.",
  'help.phones': 'Numeri di assistenza',
  'help.hours': 'Orari: {hours}',
  'help.howToPay': 'Pagare un ordine in Attesa pagamento',
  'help.howToPay.1': "Accedi all'Area Clienti.",
  'help.howToPay.2': 'Dalla pagina principale seleziona Gestisci in corrispondenza del servizio.',
  'help.howToPay.3': "Clicca su Paga in corrispondenza dell'ordine in stato di Attesa pagamento.",
  'help.howToPay.4':
    "Su Pagamenti seleziona Carta di Credito e clicca su Paga Subito; inserisci il numero d'ordine e clicca su Procedi.",
  'help.howToPay.5':
    'Scegli una delle carte registrate oppure Nuova carta di pagamento e clicca su Procedi: riceverai una email di conferma del pagamento.',
  'help.notFound': 'Non hai trovato quello che cerchi?',
  'help.contact': 'Contatta i nostri esperti',
  'help.contactRest': ', sono a tua disposizione.',
  'feedback.title': 'La tua opinione è importante per noi!',
  'feedback.question': 'Questa pagina ti è stata utile?',
  'feedback.comment': 'Commento (facoltativo)',
  'feedback.yes': 'Sì',
  'feedback.no': 'No',
  'feedback.thanks': 'Grazie! Abbiamo registrato la tua opinione.',
  'contact.title': 'Contatta i nostri esperti',
  'contact.intro': "Scrivici qui: ti risponderemo all'indirizzo {email}. Per le urgenze chiama i numeri di assistenza.",
  'contact.topic': 'Argomento',
  'contact.topic.payments': 'Pagamenti e carte',
  'contact.topic.orders': 'Ordini e rinnovi',
  'contact.topic.services': 'Servizi (PEC, SPID, Firma Digitale…)',
  'contact.topic.account': 'Accesso e dati del cliente',
  'contact.topic.other': 'Altro',
  'contact.message': 'Messaggio',
  'contact.messageHint': 'Al massimo 4000 caratteri.',
  'contact.order': 'Ordine (facoltativo)',
  'contact.noOrder': 'Nessun ordine',
  'contact.submit': 'Invia richiesta',
  'contact.sent':
    "Richiesta n. {id} inviata. Ti abbiamo mandato un'email di conferma: i nostri esperti ti risponderanno presto.",
  'contact.invalid': 'Scegli un argomento e scrivi il messaggio (al massimo 4000 caratteri).',
  'contact.unknownOrder': "L'ordine scelto non è tra i tuoi ordini. Scegline uno dall'elenco.",
  'contact.rateLimited':
    "Hai inviato molte richieste in poco tempo. Attendi {wait} prima di inviarne un'altra, oppure chiamaci.",
  'contact.back': "Torna all'assistenza",
  'login.forgot': 'Password dimenticata?',
  'login.passwordChanged': 'Password cambiata. Accedi con la nuova password.',
  'reset.request.title': 'Password dimenticata?',
  'reset.request.intro':
    "Scrivi l'email del tuo account: ti invieremo un collegamento per scegliere una nuova password.",
  'reset.request.submit': 'Invia il collegamento',
  'reset.request.sent':
    "Se l'indirizzo {email} corrisponde a un account, riceverai a breve un'email con un collegamento per scegliere una nuova password. Il collegamento vale 30 minuti.",
  'reset.request.invalid': 'Scrivi un indirizzo email valido.',
  'reset.rateLimited': 'Troppe richieste di reimpostazione della password. Attendi {wait} prima di riprovare.',
  'reset.backToLogin': "Torna all'accesso",
  'reset.new.title': 'Scegli una nuova password',
  'reset.new.password': 'Nuova password',
  'reset.new.confirm': 'Ripeti la nuova password',
  'reset.new.hint': 'Almeno {min} caratteri.',
  'reset.new.submit': 'Cambia password',
  'reset.new.tooShort': 'La password deve avere almeno {min} caratteri.',
  'reset.new.mismatch': 'Le due password non coincidono.',
  'reset.invalid.title': 'Collegamento non valido',
  'reset.invalid.body':
    'Il collegamento per reimpostare la password è scaduto (vale 30 minuti) o è già stato usato. Chiedine uno nuovo.',
  'reset.invalid.again': 'Chiedi un nuovo collegamento',
  // Pay an order without logging in, the card page's choices and the way out (issue 10).
  'pay.guest.link': 'Paga subito un ordine',
  'pay.guest.linkHint': "Hai il numero d'ordine e l'email dell'account? Puoi pagare anche senza accedere.",
  'pay.guest.title': 'Paga subito un ordine',
  'pay.guest.intro':
    "Inserisci il numero d'ordine e l'email dell'account a cui è intestato: lo paghi con una nuova carta, senza accedere all'Area Clienti.",
  'pay.guest.email': 'Email',
  'pay.guest.emailHint': "L'email con cui accedi all'Area Clienti.",
  'pay.guest.notFound':
    'Non troviamo un ordine in attesa di pagamento con questo numero e questa email. Controlla entrambi e riprova.',
  'pay.guest.rateLimited': 'Troppi tentativi per questo ordine o da questa rete. Attendi {wait} e riprova.',
  'pay.guest.cancelled': 'Pagamento annullato: nessun importo è stato addebitato.',
  'pay.guest.summary': "Riepilogo dell'ordine",
  'pay.guest.newCard':
    'Inserirai i dati della carta sulla pagina sicura della banca. La carta serve solo per questo pagamento: non viene salvata.',
  'pay.guest.noAutoRenew':
    "Pagando senza accedere, il rinnovo automatico non viene attivato. Per attivarlo in seguito, accedi all'Area Clienti, clicca su Gestisci in corrispondenza del servizio e poi su Attiva rinnovo automatico.",
  'pay.guest.renewalInfo': 'Come funziona il rinnovo automatico',
  'pay.guest.otherOrder': 'Paga un altro ordine',
  'pay.card.submit': 'Procedi al pagamento di {amount}',
  'pay.card.autoRenewChoice':
    'Attiva il rinnovo automatico su questa carta: prossimo addebito il {date}, importo {amount}',
  'pay.card.autoRenewChoiceHint':
    'Puoi disattivarlo in qualsiasi momento da Area Clienti. Se togli la spunta, alla scadenza il servizio non si rinnova da solo.',
  'pay.card.autoRenewAlreadyOn':
    'Il rinnovo automatico di questo servizio è già attivo sulla carta {card}: questo pagamento non lo cambia.',
  'pay.card.noteBefore':
    'Il rinnovo automatico non è disponibile per Firma Digitale e Marca Temporale (tutti i dettagli alla ',
  'pay.card.noteLink': 'sezione dedicata',
  'pay.card.noteAfter': ').',
  'pay.cancel.submit': 'Annulla pagamento',
  'pay.cancel.hint': "Nessun importo viene addebitato e torni all'Area Clienti.",
  'pay.cancel.hintGuest': 'Nessun importo viene addebitato.',
  'pay.cancel.stillOpen.title': 'Annullamento non confermato',
  'pay.cancel.stillOpen.body':
    "La banca non ha ancora confermato l'annullamento del pagamento dell'ordine {number}. Riprova tra qualche istante: finché la banca non risponde, nessun importo viene addebitato.",
  'pay.result.guestNoAutoRenew':
    'Il rinnovo automatico non è stato attivato, perché hai pagato senza accedere. Puoi attivarlo da Area Clienti: Gestisci sul servizio, poi Attiva rinnovo automatico.',
  'pay.result.autoRenewNotChosen':
    'Il rinnovo automatico non è stato attivato, come hai scelto. Puoi attivarlo in qualsiasi momento da Area Clienti.',

  'renewalInfo.title': 'Rinnovo automatico',
  'renewalInfo.what.title': 'Che cos’è',
  'renewalInfo.what.body':
    "Con il rinnovo automatico il servizio si rinnova da solo prima della scadenza: l'importo del rinnovo viene addebitato sulla carta di credito registrata che hai scelto, senza che tu debba pagare l'ordine. Ricevi un'email a ogni attivazione, disattivazione e addebito.",
  'renewalInfo.products.title': 'Per quali prodotti',
  'renewalInfo.products.body':
    'È disponibile per PEC, SPID, Conservazione e Fatturazione PA. Non è disponibile per Firma Digitale e Marca Temporale: questi servizi si rinnovano pagando ogni ordine.',
  'renewalInfo.when.title': "Quando avviene l'addebito",
  'renewalInfo.when.body':
    "L'addebito avviene {days} giorni prima della scadenza del servizio, per il suo periodo di rinnovo (di norma 1 anno), al prezzo di listino IVA inclusa. Se l'addebito non riesce il servizio non viene rinnovato: trovi l'ordine in Attesa pagamento in Area Clienti e ti avvisiamo per email.",
  'renewalInfo.on.title': 'Come si attiva',
  'renewalInfo.on.body':
    "Pagando con carta, dall'Area Clienti, un ordine di uno di questi prodotti, con la spunta su «Attiva il rinnovo automatico su questa carta»; oppure in Area Clienti: Gestisci sul servizio, poi Attiva rinnovo automatico. Pagando un ordine senza accedere (Paga subito un ordine) il rinnovo automatico non si attiva.",
  'renewalInfo.off.title': 'Come si disattiva',
  'renewalInfo.off.body':
    'In qualsiasi momento, in Area Clienti: Gestisci sul servizio, poi Disattiva rinnovo automatico. Il servizio resta attivo fino alla scadenza. Anche rimuovendo una carta da Carte di pagamento il rinnovo automatico si disattiva sui servizi che la usavano.',
  'renewalInfo.login': "Accedi all'Area Clienti",
  'renewalInfo.services': 'Vai ai tuoi servizi',
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof it;
