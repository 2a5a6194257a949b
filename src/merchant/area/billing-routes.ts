import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { FISCAL_CODE_MESSAGES, type FiscalCodeError } from '../../shared/fiscal-codes.ts';
import {
  BILLING_FIELDS,
  type BillingField,
  type BillingFieldError,
  type BillingForm,
  billingFormOf,
  validateBillingForm,
} from '../invoices/billing-profile.ts';
import { findBillingProfile } from '../invoices/billing-profile-repository.ts';
import { saveBillingDetails } from '../invoices/save-billing-details.ts';
import type { I18n } from '../web/i18n/i18n.ts';
import { pageContext, sendPage } from '../web/render.ts';
import { BILLING_PATH, BillingPage } from './billing-views.tsx';

/** "Dati di fatturazione": the signed-in customer's billing profile, shown, and saved when every field is right. */
export function billingRoutes(deps: { db: Kysely<MerchantDatabase>; clock: Clock }) {
  return async (app: FastifyInstance) => {
    app.get(BILLING_PATH, async (request, reply) => {
      const customer = request.customer;
      if (!customer) return reply.redirect(`/login?next=${encodeURIComponent(BILLING_PATH)}`, 303);
      const saved = await findBillingProfile(deps.db, customer.id);
      const done = (request.query as { saved?: unknown }).saved === '1';
      return sendPage(
        reply,
        BillingPage({
          page: pageContext(request, 'app.area', '/logout'),
          values: billingFormOf(saved),
          notice: !saved ? 'missing' : done ? 'saved' : undefined,
        }),
      );
    });

    app.post(BILLING_PATH, async (request, reply) => {
      const customer = request.customer;
      if (!customer) return reply.redirect(`/login?next=${encodeURIComponent(BILLING_PATH)}`, 303);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const form = Object.fromEntries(
        BILLING_FIELDS.map((field) => [
          field,
          typeof body[field] === 'string' ? String(body[field]).slice(0, 200) : '',
        ]),
      ) as BillingForm;
      const checked = validateBillingForm(form);
      if (!checked.ok) {
        const errors = Object.fromEntries(
          Object.entries(checked.errors).map(([field, error]) => [field, errorText(request.i18n, error)]),
        ) as Partial<Record<BillingField, string>>;
        request.log.info({ customerId: customer.id, fields: Object.keys(errors) }, 'billing details refused');
        return sendPage(
          reply,
          BillingPage({ page: pageContext(request, 'app.area', '/logout'), values: form, errors, notice: 'invalid' }),
          400,
        );
      }
      const saved = await saveBillingDetails(deps.db, {
        customerId: customer.id,
        data: checked.data,
        at: deps.clock.now(),
      });
      request.log.info({ customerId: customer.id, kind: checked.data.kind, ...saved }, 'billing details saved');
      return reply.redirect(`${BILLING_PATH}?saved=1`, 303);
    });
  };
}

function errorText(i18n: I18n, error: BillingFieldError): string {
  if (error in FISCAL_CODE_MESSAGES) return FISCAL_CODE_MESSAGES[error as FiscalCodeError][i18n.locale];
  return i18n.t(`billing.error.${error as 'required' | 'too_long' | 'pec_format' | 'kind' | 'country_format'}`);
}
