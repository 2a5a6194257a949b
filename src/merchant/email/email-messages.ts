/**
 * What each transactional email says, as data. The outbox row stores one of these (template + data) so that it can be
 * rendered later, in the customer's language, by the delivery worker; the data must be complete on its own (no
 * lookups at send time can change what the customer is told about a past event).
 */

export interface EmailCard {
  brand: string;
  last4: string;
}

export interface EmailOrderLine {
  description: string;
  quantity: number;
  netCents: number;
  vatCents: number;
}

export interface EmailMessages {
  payment_confirmation: {
    orderId: number;
    orderNumber: string;
    lines: EmailOrderLine[];
    netCents: number;
    vatCents: number;
    totalCents: number;
    currency: string;
    card: EmailCard;
    /** ISO timestamp. */
    paidAt: string;
  };
  /** A second payment of an already paid order (two tabs) was refunded automatically. */
  payment_refunded: {
    orderId: number;
    orderNumber: string;
    amountCents: number;
    currency: string;
    card: EmailCard;
    /** ISO timestamp. */
    refundedAt: string;
  };
  /** The provider refunded all or part of an order's payment (REST API, back office). */
  order_refunded: {
    orderId: number;
    /** The refund, whose nota di credito the email carries (absent in emails written before it was added). */
    refundId?: number;
    orderNumber: string;
    /** This refund. */
    amountCents: number;
    /** What the payment was, and what its refunds have given back so far, this one included. */
    paidCents: number;
    refundedCents: number;
    currency: string;
    card: EmailCard;
    /** The provider's words for why; empty when none was given. */
    reason: string;
    /** ISO timestamp. */
    refundedAt: string;
  };
  /** A link to pay an order, sent by the provider (POST /api/v1/orders/:id/payment-link with email). */
  payment_link: {
    orderId: number;
    orderNumber: string;
    totalCents: number;
    currency: string;
    /** The signed link (Area Clienti asks for the login first). */
    url: string;
    /** ISO timestamp: the link stops working then. */
    expiresAt: string;
  };
  auto_renew_activated: {
    subscriptionId: number;
    productCode: string;
    label: string;
    card: EmailCard;
    /** 'YYYY-MM-DD' */
    nextRenewalDate: string;
    amountCents: number;
    currency: string;
  };
  auto_renew_deactivated: {
    subscriptionId: number;
    productCode: string;
    label: string;
    /** 'YYYY-MM-DD': the service stays active until then. */
    expiresOn: string;
    reason: 'customer' | 'card_removed';
  };
  renewal_succeeded: {
    subscriptionId: number;
    productCode: string;
    label: string;
    orderId: number;
    orderNumber: string;
    totalCents: number;
    currency: string;
    card: EmailCard;
    newExpiresOn: string;
  };
  renewal_failed: {
    subscriptionId: number;
    productCode: string;
    label: string;
    orderId: number;
    orderNumber: string;
    totalCents: number;
    currency: string;
    card: EmailCard;
    declineCode: string;
    /** Whether the customer must pay on-session (3-D Secure) rather than wait for a retry. */
    actionRequired: boolean;
    nextRetryOn: string | null;
    expiresOn: string;
  };
  card_expiring: {
    card: EmailCard & { expMonth: number; expYear: number };
    subscriptions: Array<{ subscriptionId: number; productCode: string; label: string; nextRenewalDate: string }>;
  };
  service_expiring: {
    subscriptionId: number;
    productCode: string;
    label: string;
    expiresOn: string;
  };
  /** "Contatta i nostri esperti": the request, to the provider's support address (SUPPORT_EMAIL). */
  support_request: {
    requestId: number;
    topic: string;
    message: string;
    orderNumber: string | null;
    customerName: string;
    customerEmail: string;
    /** ISO timestamp. */
    sentAt: string;
  };
  /** The customer's copy: we received your request. */
  support_request_received: {
    requestId: number;
    topic: string;
    message: string;
    orderNumber: string | null;
  };
  /** To the provider's operations team (OPERATIONS_EMAIL): a webhook endpoint was disabled after failing for days. */
  webhook_endpoint_disabled: {
    /** `we_12` */
    endpointId: string;
    url: string;
    reason: string;
    failedTries: number;
    lastError: string;
    /** ISO timestamp. */
    disabledAt: string;
  };
  /** "Password dimenticata?": the single-use link (the token travels only here and in the outbox row). */
  password_reset: {
    token: string;
    validMinutes: number;
  };
}

export type EmailTemplate = keyof EmailMessages;
