/**
 * The Italian texts of every email (the reference language). `{name}` placeholders are filled in by `t()`; the
 * English dictionary is typed by these keys, so a missing translation does not compile.
 */
export const emailTextsIt = {
  'common.greeting': 'Gentile cliente,',
  'common.greetingName': 'Gentile {name},',
  'common.service': '{product} {label}',
  'common.card': '{brand} che termina con {last4}',
  'common.openArea': "Vai all'Area Clienti",
  'common.manageService': 'Gestisci il servizio',
  'common.viewOrder': "Vedi l'ordine",
  'common.order': 'Numero ordine',
  'common.cardUsed': 'Carta',
  'common.total': 'Totale IVA inclusa',
  'common.invoices': 'Le tue fatture',
  'footer.sentBy': 'Email inviata da {provider} per i servizi a tuo nome. È un messaggio automatico: non rispondere.',
  'footer.support': 'Assistenza',
  'footer.customers': 'Clienti',
  'footer.partners': 'Partner e CDRL',
  'footer.area': 'Area Clienti',

  'product.pec': 'PEC',
  'product.spid': 'SPID',
  'product.conservazione': 'Conservazione Digitale',
  'product.fatturazione_pa': 'Fatturazione Elettronica PA',
  'product.firma_digitale': 'Firma Digitale',
  'product.marca_temporale': 'Marca Temporale',

  'payment.subject': 'Pagamento ricevuto — ordine {order}',
  'payment.heading': 'Pagamento ricevuto',
  'payment.intro': "abbiamo ricevuto il pagamento dell'ordine {order}. Grazie!",
  'payment.items': "Dettaglio dell'ordine {order}",
  'payment.description': 'Descrizione',
  'payment.quantity': 'Quantità',
  'payment.net': 'Imponibile',
  'payment.vat': 'IVA',
  'payment.paidAt': 'Data del pagamento',
  'payment.invoice':
    "In allegato la copia di cortesia della fattura dell'ordine; fatture e note di credito sono anche in Area Clienti, alla pagina Fatture.",
  'refunded.subject': 'Pagamento doppio rimborsato — ordine {order}',
  'refunded.heading': 'Ti abbiamo rimborsato un pagamento doppio',
  'refunded.intro':
    "l'ordine {order} risultava già pagato quando è arrivato un secondo pagamento di {amount} sulla carta {card}: lo abbiamo rimborsato per intero. Non devi fare nulla.",
  'refunded.amount': 'Importo rimborsato',
  'refunded.at': 'Data del rimborso',
  'refunded.when':
    "Il rimborso compare sull'estratto conto della carta entro pochi giorni lavorativi, secondo i tempi della tua banca.",

  'orderRefunded.subject': 'Rimborso di {amount} — ordine {order}',
  'orderRefunded.heading': 'Ti abbiamo rimborsato un pagamento',
  'orderRefunded.introFull':
    "abbiamo rimborsato per intero il pagamento dell'ordine {order}: {amount} sulla carta {card}.",
  'orderRefunded.introPartial':
    "abbiamo rimborsato {amount} del pagamento dell'ordine {order} sulla carta {card}. Il resto del pagamento resta valido.",
  'orderRefunded.amount': 'Importo rimborsato',
  'orderRefunded.paid': 'Importo pagato',
  'orderRefunded.total': 'Totale rimborsato finora',
  'orderRefunded.reason': 'Motivo',
  'orderRefunded.creditNote':
    'In allegato la copia di cortesia della nota di credito; fatture e note di credito sono anche in Area Clienti, alla pagina Fatture.',

  'paymentLink.subject': "Paga l'ordine {order}",
  'paymentLink.heading': 'Un ordine attende il pagamento',
  'paymentLink.intro':
    "l'ordine {order} di {amount} attende il pagamento. Con il pulsante qui sotto accedi all'Area Clienti e lo paghi con carta di credito.",
  'paymentLink.expires': 'Link valido fino al',
  'paymentLink.button': "Paga l'ordine",
  'paymentLink.ignore': "Se hai già pagato o non riconosci l'ordine, ignora questa email.",

  'activated.subject': 'Rinnovo automatico attivo — {service}',
  'activated.heading': 'Rinnovo automatico attivato',
  'activated.intro': 'il rinnovo automatico del servizio {service} è attivo sulla carta {card}.',
  'activated.nextRenewal': 'Prossimo rinnovo',
  'activated.amount': 'Importo del rinnovo',
  'activated.howToStop':
    "Puoi disattivarlo in qualsiasi momento dall'Area Clienti: seleziona Gestisci sul servizio, poi disattiva il rinnovo automatico.",

  'deactivated.subject': 'Rinnovo automatico disattivato — {service}',
  'deactivated.heading': 'Rinnovo automatico disattivato',
  'deactivated.byCustomer': 'come richiesto, il rinnovo automatico del servizio {service} è stato disattivato.',
  'deactivated.cardRemoved':
    'il rinnovo automatico del servizio {service} è stato disattivato perché la carta su cui era attivo è stata rimossa.',
  'deactivated.expires':
    "Il servizio resta attivo fino al {date}. Per non interromperlo, rinnovalo dall'Area Clienti o riattiva il rinnovo automatico scegliendo una carta.",

  'succeeded.subject': 'Rinnovo effettuato — {service}, ordine {order}',
  'succeeded.heading': 'Servizio rinnovato',
  'succeeded.intro': 'abbiamo rinnovato il servizio {service} addebitando {amount} sulla carta {card}.',
  'succeeded.newExpiry': 'Nuova scadenza',

  'failed.subject': 'Rinnovo non riuscito — {service}: ordine {order} da pagare',
  'failed.heading': 'Il rinnovo non è andato a buon fine',
  'failed.intro': 'non siamo riusciti ad addebitare {amount} sulla carta {card} per rinnovare il servizio {service}.',
  'failed.reason': 'Motivo: {reason}',
  'failed.actionRequired':
    'La tua banca chiede di confermare il pagamento con l\'autenticazione 3-D Secure: premi "Paga" e completa il pagamento.',
  'failed.retryOn': 'Riproveremo in automatico il {date}; puoi anche pagare subito.',
  'failed.noRetry':
    "Non riproveremo l'addebito su questa carta: premi \"Paga\" per pagare l'ordine, anche con un'altra carta.",
  'failed.expires': 'Il servizio scade il {date}: paga prima di quella data per non interromperlo.',
  'failed.pay': 'Paga',
  'failed.updateCard': "Se la carta è scaduta o è cambiata, aggiungi quella nuova nell'Area Clienti.",
  'decline.insufficient_funds': 'la carta non ha fondi sufficienti.',
  'decline.do_not_honor': 'la banca che ha emesso la carta ha rifiutato il pagamento.',
  'decline.expired_card': 'la carta è scaduta.',
  'decline.stolen_card': 'la banca che ha emesso la carta ha rifiutato il pagamento.',
  'decline.card_not_active': 'la carta non è attiva.',
  'decline.authentication_required': 'la banca chiede che il pagamento sia confermato da te.',
  'decline.processing_error': 'un errore temporaneo della banca.',
  'decline.other': 'la banca ha rifiutato il pagamento.',

  'cardExpiring.subject': 'La tua carta {card} scade prima del prossimo rinnovo',
  'cardExpiring.heading': 'La tua carta sta per scadere',
  'cardExpiring.intro':
    'la carta {card} scade a fine {expiry}, prima del prossimo rinnovo automatico di questi servizi:',
  'cardExpiring.service': 'Servizio',
  'cardExpiring.nextRenewal': 'Prossimo rinnovo',
  'cardExpiring.action':
    "Per non interrompere i rinnovi, aggiungi una nuova carta nell'Area Clienti: il rinnovo automatico passerà sulla nuova carta.",

  'serviceExpiring.subject': 'Il servizio {service} scade il {date}',
  'serviceExpiring.heading': 'Il tuo servizio sta per scadere',
  'serviceExpiring.intro': 'il servizio {service} scade il {date} e il rinnovo automatico non è attivo.',
  'serviceExpiring.action':
    "Per non interromperlo, rinnovalo dall'Area Clienti; per PEC, SPID, Conservazione e Fatturazione PA puoi anche attivare il rinnovo automatico.",

  'supportTopic.payments': 'Pagamenti e carte',
  'supportTopic.orders': 'Ordini e rinnovi',
  'supportTopic.services': 'Servizi (PEC, SPID, Firma Digitale…)',
  'supportTopic.account': 'Accesso e dati del cliente',
  'supportTopic.other': 'Altro',
  'supportRequest.subject': 'Richiesta di assistenza n. {id} — {topic} — {name}',
  'supportRequest.subjectWithOrder': 'Richiesta di assistenza n. {id} — {topic} — {name} — ordine {order}',
  'supportRequest.heading': 'Nuova richiesta di assistenza',
  'supportRequest.number': 'Richiesta n.',
  'supportRequest.customer': 'Cliente',
  'supportRequest.topic': 'Argomento',
  'supportRequest.noOrder': 'nessuno',
  'supportRequest.sentAt': 'Inviata il',
  'supportRequest.message': 'Messaggio',
  'supportRequest.replyTo': 'Rispondi al cliente scrivendo a {email}.',
  'supportReceived.subject': 'Abbiamo ricevuto la tua richiesta di assistenza n. {id}',
  'supportReceived.heading': 'Richiesta di assistenza ricevuta',
  'supportReceived.intro':
    'abbiamo ricevuto la tua richiesta: i nostri esperti ti risponderanno a questo indirizzo email.',
  'supportReceived.when': 'Rispondiamo di solito entro un giorno lavorativo ({hours}).',
  'passwordReset.subject': "Reimposta la password dell'Area Clienti",
  'passwordReset.heading': 'Reimposta la password',
  'passwordReset.intro':
    "abbiamo ricevuto una richiesta di reimpostare la password dell'Area Clienti per questo indirizzo email.",
  'passwordReset.button': 'Scegli una nuova password',
  'passwordReset.validity': 'Il collegamento vale {minutes} minuti e si può usare una sola volta.',
  'passwordReset.notYou':
    'Se non sei stato tu, ignora questa email: la password resta quella di prima e nessuno può cambiarla senza questo collegamento.',
  'webhookDisabled.subject': 'Webhook disattivato: {url}',
  'webhookDisabled.heading': 'Un endpoint webhook è stato disattivato',
  'webhookDisabled.intro':
    'Cassa ha smesso di inviare eventi a questo endpoint perché non ha risposto correttamente per circa 3 giorni. Gli eventi non consegnati restano nel registro delle consegne.',
  'webhookDisabled.endpoint': 'Endpoint',
  'webhookDisabled.url': 'Indirizzo',
  'webhookDisabled.failedTries': 'Tentativi falliti di seguito',
  'webhookDisabled.lastError': 'Ultimo errore',
  'webhookDisabled.disabledAt': 'Disattivato il',
  'webhookDisabled.howToEnable':
    'Quando il ricevitore funziona di nuovo, riattivalo con "npm run cassa -- webhooks endpoints enable {id}" (o dall\'API): le consegne in sospeso ripartono.',
} as const;

export type EmailTextKey = keyof typeof emailTextsIt;
