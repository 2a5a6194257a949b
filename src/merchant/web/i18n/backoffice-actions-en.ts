import type { BackofficeActionsKey } from './backoffice-actions-it.ts';

/** The back office's confirmed actions, in English. */
export const backofficeActionsEn: Record<BackofficeActionsKey, string> = {
  'bo.action.consequences': 'What happens',
  'bo.action.reason': 'Reason',
  'bo.action.reasonHint': 'Required: it stays in the activity log with your name, the time and what changed.',
  'bo.action.reasonRequired': 'Write the reason ({min} to {max} characters).',
  'bo.action.cancel': 'Cancel',
  'bo.action.back': 'Go back',
  'bo.signOut.title': 'Sign {name} out everywhere',
  'bo.signOut.sessions': 'Sessions open now: {count}.',
  'bo.signOut.effect':
    'Every session in Area Clienti and on the payment page ends now, on every device: signing in again needs the email ({email}) and password.',
  'bo.signOut.nothingElse': 'Orders, saved cards and renewals do not change; a payment already at the bank goes on.',
  'bo.signOut.submit': 'Sign out everywhere',
  'bo.done.resend_email': 'Email queued again: it leaves within a minute.',
  'bo.done.retry_email': 'The email is queued for another try.',
  'bo.done.cancel_order': 'Order cancelled.',
  'bo.done.auto_renew_off': 'Automatic renewal switched off: the customer gets the confirmation by email.',
  'bo.done.reconcile_attempt': 'Payment status checked with the bank.',
  'bo.done.send_payment_link': 'Payment link sent to the customer.',
  'bo.done.sign_out_customer': 'The customer has been signed out on every device.',
  'bo.done.retransmit_invoice':
    'Document queued for the SdI again as a new file: its state is back to “Pending” until the SdI answers.',
  'bo.done.refund': 'Refunded by the bank: the customer gets the confirmation by email.',
  'bo.done.refund_failed':
    'The bank refused the refund: nothing was returned. The reason is in the timeline; you can try again.',
  'bo.done.refund_pending': 'The bank has not confirmed the refund yet: Cassa asks again by itself, with the same key.',
  'bo.done.manage_promotions': 'Promotion updated.',
  'bo.done.manage_operators': 'Operator updated.',
  'bo.done.manage_api_keys': 'API key updated.',
  'bo.done.manage_webhook_endpoints': 'Webhook endpoint updated.',
};
