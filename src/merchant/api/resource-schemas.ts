import { z } from 'zod';
import type {
  CardResource,
  CustomerResource,
  EventResource,
  OrderResource,
  PaymentResource,
  ProductResource,
  RefundResource,
  ServiceResource,
} from '../public/resources.ts';

/**
 * The response schemas of the API: the OpenAPI document's components and the serializer's check that a body is
 * what resources.ts builds. Each is tied to its resource type (`satisfies`), so the two cannot drift apart.
 */
const isoTimestamp = z.iso.datetime().describe('ISO 8601 instant, UTC');
const businessDay = z.iso.date().describe('business date YYYY-MM-DD (Europe/Rome by default)');
const cents = z.number().int().describe('integer cents');

export const customerSchema = z
  .object({
    id: z.string().describe('cus_…'),
    object: z.literal('customer'),
    email: z.string(),
    name: z.string(),
    locale: z.enum(['it', 'en']),
    phone: z.string().nullable(),
    created_at: isoTimestamp,
  })
  .meta({ id: 'Customer' }) satisfies z.ZodType<CustomerResource>;

export const productSchema = z
  .object({
    code: z.string(),
    object: z.literal('product'),
    names: z.object({ it: z.string(), en: z.string() }),
    yearly_price_cents: cents,
    currency: z.literal('EUR'),
    vat_rate_bp: z.number().int().describe('basis points: 2200 is 22%'),
    auto_renew_available: z.boolean(),
  })
  .meta({ id: 'Product' }) satisfies z.ZodType<ProductResource>;

export const serviceSchema = z
  .object({
    id: z.string().describe('svc_…'),
    object: z.literal('service'),
    customer: z.string(),
    product_code: z.string(),
    label: z.string(),
    status: z.enum(['pending', 'active', 'expired', 'cancelled']),
    activated_on: businessDay.nullable(),
    expires_on: businessDay.nullable(),
    renewal_period_years: z.number().int(),
    auto_renew: z.object({ enabled: z.boolean(), card: z.string().nullable() }),
    created_at: isoTimestamp,
  })
  .meta({ id: 'Service' }) satisfies z.ZodType<ServiceResource>;

export const cardSchema = z
  .object({
    id: z.string().describe('card_…'),
    object: z.literal('card'),
    customer: z.string(),
    brand: z.string(),
    last4: z.string(),
    exp_month: z.number().int(),
    exp_year: z.number().int(),
    holder: z.string(),
    is_default: z.boolean(),
    created_at: isoTimestamp,
  })
  .meta({ id: 'Card' }) satisfies z.ZodType<CardResource>;

const attemptStatus = z.string().describe('payment attempt status (created, redirected, authorized, captured, …)');

export const refundSchema = z
  .object({
    id: z.string().describe('re_…'),
    object: z.literal('refund'),
    payment: z.string(),
    order: z.string(),
    amount_cents: cents,
    currency: z.string(),
    reason: z.string(),
    status: z.enum(['pending', 'succeeded', 'failed']),
    failure_reason: z.string().nullable(),
    created_at: isoTimestamp,
    completed_at: isoTimestamp.nullable(),
  })
  .meta({ id: 'Refund' }) satisfies z.ZodType<RefundResource>;

export const paymentSchema = z
  .object({
    id: z.string().describe('pa_…'),
    object: z.literal('payment'),
    order: z.string().nullable(),
    customer: z.string(),
    purpose: z.string(),
    status: attemptStatus,
    amount_cents: cents,
    currency: z.string(),
    card: z.object({ brand: z.string(), last4: z.string() }).nullable(),
    authorization_code: z.string().nullable(),
    decline_reason: z.string().nullable(),
    created_at: isoTimestamp,
    completed_at: isoTimestamp.nullable(),
    amount_refunded_cents: cents.describe('what the succeeded refunds gave back'),
    refunds: z.array(refundSchema),
  })
  .meta({ id: 'Payment' }) satisfies z.ZodType<Omit<PaymentResource, 'purpose' | 'status'>>;

export const orderSchema = z
  .object({
    id: z.string().describe('ord_…'),
    object: z.literal('order'),
    number: z.string().describe('ORD-YYYY-NNNNNN'),
    customer: z.string(),
    service: z.string(),
    kind: z.enum(['purchase', 'renewal']),
    state: z.enum(['awaiting_payment', 'paid', 'cancelled']),
    currency: z.string(),
    period_years: z.number().int(),
    net_cents: cents,
    vat_cents: cents,
    total_cents: cents,
    lines: z.array(
      z.object({
        product_code: z.string(),
        description: z.string(),
        quantity: z.number().int(),
        unit_price_cents: cents,
        discount_cents: cents,
        net_cents: cents,
        vat_rate_bp: z.number().int(),
        vat_cents: cents,
      }),
    ),
    payment: paymentSchema.nullable(),
    attempts: z.object({ count: z.number().int(), last_status: attemptStatus.nullable() }),
    created_at: isoTimestamp,
    paid_at: isoTimestamp.nullable(),
    cancelled_at: isoTimestamp.nullable(),
  })
  .meta({ id: 'Order' }) satisfies z.ZodType<Omit<OrderResource, 'payment' | 'attempts'>>;

export const eventSchema = z
  .object({
    id: z.string().describe('evt_…'),
    object: z.literal('event'),
    type: z.string(),
    created_at: isoTimestamp,
    data: z.record(z.string(), z.unknown()).describe('the objects the event is about, as the API shows them'),
  })
  .meta({ id: 'Event' }) satisfies z.ZodType<EventResource>;
