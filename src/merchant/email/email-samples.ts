import type { EmailMessages, EmailTemplate } from './email-messages.ts';

export interface EmailSample<T extends EmailTemplate = EmailTemplate> {
  /** File name stem for the preview, e.g. `renewal_failed-hard-decline`. */
  name: string;
  template: T;
  data: EmailMessages[T];
}

const card = { brand: 'Visa', last4: '4242' };

/**
 * One realistic example of every email (and of each variant that changes the wording): the preview command writes
 * them to DATA_DIR/mail-preview, and the tests render each in both languages.
 */
export const EMAIL_SAMPLES: { [T in EmailTemplate]: Array<EmailSample<T>> } = {
  payment_confirmation: [
    {
      name: 'payment_confirmation',
      template: 'payment_confirmation',
      data: {
        orderId: 123,
        orderNumber: 'ORD-2026-000123',
        lines: [
          { description: 'PEC Pro — mario.rossi@pec.example.it, 1 anno', quantity: 1, netCents: 4000, vatCents: 880 },
          { description: 'Spazio aggiuntivo 1 GB', quantity: 2, netCents: 1000, vatCents: 220 },
        ],
        netCents: 5000,
        vatCents: 1100,
        totalCents: 6100,
        currency: 'EUR',
        card,
        paidAt: '2026-11-28T10:15:00.000Z',
      },
    },
  ],
  payment_refunded: [
    {
      name: 'payment_refunded',
      template: 'payment_refunded',
      data: {
        orderId: 123,
        orderNumber: 'ORD-2026-000123',
        amountCents: 4880,
        currency: 'EUR',
        card,
        refundedAt: '2026-11-28T10:16:00.000Z',
      },
    },
  ],
  order_refunded: [
    {
      name: 'order_refunded-partial',
      template: 'order_refunded',
      data: {
        orderId: 123,
        orderNumber: 'ORD-2026-000123',
        amountCents: 1000,
        paidCents: 4880,
        refundedCents: 1000,
        currency: 'EUR',
        card,
        reason: 'Sconto concordato con il servizio clienti',
        refundedAt: '2026-11-29T09:00:00.000Z',
      },
    },
    {
      name: 'order_refunded-full',
      template: 'order_refunded',
      data: {
        orderId: 123,
        orderNumber: 'ORD-2026-000123',
        amountCents: 3880,
        paidCents: 4880,
        refundedCents: 4880,
        currency: 'EUR',
        card,
        reason: '',
        refundedAt: '2026-11-30T09:00:00.000Z',
      },
    },
  ],
  payment_link: [
    {
      name: 'payment_link',
      template: 'payment_link',
      data: {
        orderId: 123,
        orderNumber: 'ORD-2026-000123',
        totalCents: 4880,
        currency: 'EUR',
        url: 'http://localhost:3000/link-pagamento/123.1796000000.0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
        expiresAt: '2026-12-09T09:00:00.000Z',
      },
    },
  ],
  auto_renew_activated: [
    {
      name: 'auto_renew_activated',
      template: 'auto_renew_activated',
      data: {
        subscriptionId: 7,
        productCode: 'pec',
        label: 'mario.rossi@pec.example.it',
        card,
        nextRenewalDate: '2027-11-21',
        amountCents: 4880,
        currency: 'EUR',
      },
    },
  ],
  auto_renew_deactivated: [
    {
      name: 'auto_renew_deactivated-customer',
      template: 'auto_renew_deactivated',
      data: {
        subscriptionId: 7,
        productCode: 'pec',
        label: 'mario.rossi@pec.example.it',
        expiresOn: '2027-11-28',
        reason: 'customer',
      },
    },
    {
      name: 'auto_renew_deactivated-card_removed',
      template: 'auto_renew_deactivated',
      data: {
        subscriptionId: 8,
        productCode: 'spid',
        label: 'Mario Rossi',
        expiresOn: '2027-03-01',
        reason: 'card_removed',
      },
    },
  ],
  renewal_succeeded: [
    {
      name: 'renewal_succeeded',
      template: 'renewal_succeeded',
      data: {
        subscriptionId: 7,
        productCode: 'pec',
        label: 'mario.rossi@pec.example.it',
        orderId: 140,
        orderNumber: 'ORD-2027-000140',
        totalCents: 4880,
        currency: 'EUR',
        card,
        newExpiresOn: '2028-11-28',
      },
    },
  ],
  renewal_failed: [
    {
      name: 'renewal_failed-soft-decline',
      template: 'renewal_failed',
      data: {
        subscriptionId: 7,
        productCode: 'pec',
        label: 'mario.rossi@pec.example.it',
        orderId: 141,
        orderNumber: 'ORD-2027-000141',
        totalCents: 4880,
        currency: 'EUR',
        card,
        declineCode: 'insufficient_funds',
        actionRequired: false,
        nextRetryOn: '2027-11-24',
        expiresOn: '2027-11-28',
      },
    },
    {
      name: 'renewal_failed-hard-decline',
      template: 'renewal_failed',
      data: {
        subscriptionId: 9,
        productCode: 'conservazione',
        label: 'Archivio fatture 2026',
        orderId: 142,
        orderNumber: 'ORD-2027-000142',
        totalCents: 12200,
        currency: 'EUR',
        card: { brand: 'Mastercard', last4: '0341' },
        declineCode: 'stolen_card',
        actionRequired: false,
        nextRetryOn: null,
        expiresOn: '2027-12-01',
      },
    },
    {
      name: 'renewal_failed-authentication-required',
      template: 'renewal_failed',
      data: {
        subscriptionId: 10,
        productCode: 'fatturazione_pa',
        label: 'Comune di Arezzo',
        orderId: 143,
        orderNumber: 'ORD-2027-000143',
        totalCents: 6100,
        currency: 'EUR',
        card: { brand: 'Visa', last4: '3155' },
        declineCode: 'authentication_required',
        actionRequired: true,
        nextRetryOn: null,
        expiresOn: '2027-12-05',
      },
    },
  ],
  card_expiring: [
    {
      name: 'card_expiring',
      template: 'card_expiring',
      data: {
        card: { ...card, expMonth: 12, expYear: 2026 },
        subscriptions: [
          { subscriptionId: 7, productCode: 'pec', label: 'mario.rossi@pec.example.it', nextRenewalDate: '2027-01-21' },
          { subscriptionId: 8, productCode: 'spid', label: 'Mario Rossi', nextRenewalDate: '2027-02-22' },
        ],
      },
    },
  ],
  service_expiring: [
    {
      name: 'service_expiring',
      template: 'service_expiring',
      data: {
        subscriptionId: 11,
        productCode: 'firma_digitale',
        label: 'Firma remota Mario Rossi',
        expiresOn: '2026-12-28',
      },
    },
  ],
  support_request: [
    {
      name: 'support_request',
      template: 'support_request',
      data: {
        requestId: 17,
        topic: 'payments',
        message: "Ho pagato l'ordine ma risulta ancora in Attesa pagamento. Potete verificare?",
        orderNumber: 'ORD-2026-000123',
        customerName: 'Mario Rossi',
        customerEmail: 'mario.rossi@example.com',
        sentAt: '2026-11-28T10:20:00.000Z',
      },
    },
  ],
  support_request_received: [
    {
      name: 'support_request_received',
      template: 'support_request_received',
      data: {
        requestId: 17,
        topic: 'payments',
        message: "Ho pagato l'ordine ma risulta ancora in Attesa pagamento. Potete verificare?",
        orderNumber: null,
      },
    },
  ],
  webhook_endpoint_disabled: [
    {
      name: 'webhook_endpoint_disabled',
      template: 'webhook_endpoint_disabled',
      data: {
        endpointId: 'we_3',
        url: 'https://erp.example.com/cassa/webhooks',
        reason: 'no successful delivery for 3 days',
        failedTries: 13,
        lastError: 'HTTP 503',
        disabledAt: '2026-12-05T14:20:00.000Z',
      },
    },
  ],
  password_reset: [
    {
      name: 'password_reset',
      template: 'password_reset',
      data: { token: 'sample-token-not-valid-anywhere-abcdefghijk', validMinutes: 30 },
    },
  ],
};

export function allEmailSamples(): EmailSample[] {
  return Object.values(EMAIL_SAMPLES).flat() as EmailSample[];
}
