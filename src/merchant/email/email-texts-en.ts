import type { EmailTextKey } from './email-texts-it.ts';

/** The English texts. Typed by the Italian keys: a missing or an extra key is a compile error. */
export const emailTextsEn: Record<EmailTextKey, string> = {
  'common.greeting': 'Dear customer,',
  'common.greetingName': 'Dear {name},',
  'common.service': '{product} {label}',
  'common.card': '{brand} ending in {last4}',
  'common.openArea': 'Go to the Customer Area',
  'common.manageService': 'Manage the service',
  'common.viewOrder': 'View the order',
  'common.order': 'Order number',
  'common.cardUsed': 'Card',
  'common.total': 'Total incl. VAT',
  'common.invoices': 'Your invoices',
  'footer.sentBy':
    'Sent by {provider} about the services in your name. This is an automatic message: please do not reply.',
  'footer.support': 'Support',
  'footer.customers': 'Customers',
  'footer.partners': 'Partners and CDRL',
  'footer.area': 'Customer Area',

  'product.pec': 'PEC',
  'product.spid': 'SPID',
  'product.conservazione': 'Digital Preservation',
  'product.fatturazione_pa': 'E-invoicing to Public Administration',
  'product.firma_digitale': 'Digital Signature',
  'product.marca_temporale': 'Time Stamp',

  'payment.subject': 'Payment received — order {order}',
  'payment.heading': 'Payment received',
  'payment.intro': 'we have received the payment for order {order}. Thank you!',
  'payment.items': 'Order {order} in detail',
  'payment.description': 'Description',
  'payment.quantity': 'Quantity',
  'payment.net': 'Net',
  'payment.vat': 'VAT',
  'payment.paidAt': 'Payment date',
  'payment.invoice':
    "The courtesy copy of the order's invoice is attached; invoices and credit notes are also in the Customer Area, on the Invoices page.",
  'refunded.subject': 'Double payment refunded — order {order}',
  'refunded.heading': 'We refunded a double payment',
  'refunded.intro':
    'order {order} was already paid when a second payment of {amount} arrived on the card {card}: we refunded it in full. There is nothing you need to do.',
  'refunded.amount': 'Amount refunded',
  'refunded.at': 'Refund date',
  'refunded.when': "The refund shows on the card's statement within a few working days, depending on your bank.",

  'orderRefunded.subject': 'Refund of {amount} — order {order}',
  'orderRefunded.heading': 'We have refunded a payment',
  'orderRefunded.introFull': 'we have refunded the payment of order {order} in full: {amount} to the card {card}.',
  'orderRefunded.introPartial':
    'we have refunded {amount} of the payment of order {order} to the card {card}. The rest of the payment stands.',
  'orderRefunded.amount': 'Amount refunded',
  'orderRefunded.paid': 'Amount paid',
  'orderRefunded.total': 'Refunded so far',
  'orderRefunded.reason': 'Reason',
  'orderRefunded.creditNote':
    'The courtesy copy of the credit note is attached; invoices and credit notes are also in the Customer Area, on the Invoices page.',

  'paymentLink.subject': 'Pay order {order}',
  'paymentLink.heading': 'An order is awaiting payment',
  'paymentLink.intro':
    'order {order} of {amount} is awaiting payment. The button below takes you to the Customer Area to pay it by credit card.',
  'paymentLink.expires': 'Link valid until',
  'paymentLink.button': 'Pay the order',
  'paymentLink.ignore': 'If you have already paid or do not recognise the order, ignore this email.',

  'activated.subject': 'Automatic renewal active — {service}',
  'activated.heading': 'Automatic renewal switched on',
  'activated.intro': 'automatic renewal of the service {service} is active on the card {card}.',
  'activated.nextRenewal': 'Next renewal',
  'activated.amount': 'Renewal amount',
  'activated.howToStop':
    'You can switch it off at any time in the Customer Area: choose Manage on the service, then switch off automatic renewal.',

  'deactivated.subject': 'Automatic renewal switched off — {service}',
  'deactivated.heading': 'Automatic renewal switched off',
  'deactivated.byCustomer': 'as you asked, automatic renewal of the service {service} has been switched off.',
  'deactivated.cardRemoved':
    'automatic renewal of the service {service} has been switched off because the card it used has been removed.',
  'deactivated.expires':
    'The service stays active until {date}. To keep it, renew it in the Customer Area or switch automatic renewal back on with a card.',

  'succeeded.subject': 'Renewal completed — {service}, order {order}',
  'succeeded.heading': 'Service renewed',
  'succeeded.intro': 'we have renewed the service {service}, charging {amount} to the card {card}.',
  'succeeded.newExpiry': 'New expiry date',

  'failed.subject': 'Renewal failed — {service}: order {order} to pay',
  'failed.heading': 'The renewal did not go through',
  'failed.intro': 'we could not charge {amount} to the card {card} to renew the service {service}.',
  'failed.reason': 'Reason: {reason}',
  'failed.actionRequired':
    'Your bank asks you to confirm the payment with 3-D Secure authentication: press "Pay" and complete the payment.',
  'failed.retryOn': 'We will try again automatically on {date}; you can also pay now.',
  'failed.noRetry': 'We will not charge this card again: press "Pay" to pay the order, with another card if you like.',
  'failed.expires': 'The service expires on {date}: pay before then to keep it running.',
  'failed.pay': 'Pay',
  'failed.updateCard': 'If your card has expired or changed, add the new one in the Customer Area.',
  'decline.insufficient_funds': 'the card does not have enough funds.',
  'decline.do_not_honor': 'the bank that issued the card refused the payment.',
  'decline.expired_card': 'the card has expired.',
  'decline.stolen_card': 'the bank that issued the card refused the payment.',
  'decline.card_not_active': 'the card is not active.',
  'decline.authentication_required': 'the bank asks you to confirm the payment yourself.',
  'decline.processing_error': 'a temporary error at the bank.',
  'decline.other': 'the bank refused the payment.',

  'cardExpiring.subject': 'Your card {card} expires before the next renewal',
  'cardExpiring.heading': 'Your card is about to expire',
  'cardExpiring.intro':
    'the card {card} expires at the end of {expiry}, before the next automatic renewal of these services:',
  'cardExpiring.service': 'Service',
  'cardExpiring.nextRenewal': 'Next renewal',
  'cardExpiring.action':
    'To keep your renewals going, add a new card in the Customer Area: automatic renewal will move to the new card.',

  'serviceExpiring.subject': 'The service {service} expires on {date}',
  'serviceExpiring.heading': 'Your service is about to expire',
  'serviceExpiring.intro': 'the service {service} expires on {date} and automatic renewal is not active.',
  'serviceExpiring.action':
    'To keep it, renew it in the Customer Area; for PEC, SPID, Digital Preservation and E-invoicing PA you can also switch on automatic renewal.',

  'supportTopic.payments': 'Payments and cards',
  'supportTopic.orders': 'Orders and renewals',
  'supportTopic.services': 'Services (PEC, SPID, Digital Signature…)',
  'supportTopic.account': 'Sign-in and customer details',
  'supportTopic.other': 'Other',
  'supportRequest.subject': 'Support request no. {id} — {topic} — {name}',
  'supportRequest.subjectWithOrder': 'Support request no. {id} — {topic} — {name} — order {order}',
  'supportRequest.heading': 'New support request',
  'supportRequest.number': 'Request no.',
  'supportRequest.customer': 'Customer',
  'supportRequest.topic': 'Topic',
  'supportRequest.noOrder': 'none',
  'supportRequest.sentAt': 'Sent on',
  'supportRequest.message': 'Message',
  'supportRequest.replyTo': 'Reply to the customer at {email}.',
  'supportReceived.subject': 'We have received your support request no. {id}',
  'supportReceived.heading': 'Support request received',
  'supportReceived.intro': 'we have received your request: our experts will answer you at this email address.',
  'supportReceived.when': 'We usually answer within one working day ({hours}).',
  'passwordReset.subject': 'Reset your Customer Area password',
  'passwordReset.heading': 'Reset your password',
  'passwordReset.intro': 'we received a request to reset the Customer Area password for this email address.',
  'passwordReset.button': 'Choose a new password',
  'passwordReset.validity': 'The link works for {minutes} minutes and can be used only once.',
  'passwordReset.notYou':
    'If it was not you, ignore this email: your password stays as it was, and nobody can change it without this link.',
  'webhookDisabled.subject': 'Webhook disabled: {url}',
  'webhookDisabled.heading': 'A webhook endpoint was disabled',
  'webhookDisabled.intro':
    'Cassa stopped sending events to this endpoint because it has not answered successfully for about 3 days. The undelivered events stay in the delivery log.',
  'webhookDisabled.endpoint': 'Endpoint',
  'webhookDisabled.url': 'URL',
  'webhookDisabled.failedTries': 'Failed tries in a row',
  'webhookDisabled.lastError': 'Last error',
  'webhookDisabled.disabledAt': 'Disabled at',
  'webhookDisabled.howToEnable':
    'Once the receiver works again, enable it with "npm run cassa -- webhooks endpoints enable {id}" (or through the API): its pending deliveries resume.',
};
