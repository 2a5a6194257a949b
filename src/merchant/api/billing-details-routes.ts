import { z } from 'zod';
import { FISCAL_CODE_MESSAGES, type FiscalCodeError } from '../../shared/fiscal-codes.ts';
import { findCustomerById } from '../customers/customer-repository.ts';
import {
  BILLING_FIELDS,
  BILLING_KINDS,
  type BillingFieldError,
  type BillingForm,
  billingFormOf,
  validateBillingForm,
} from '../invoices/billing-profile.ts';
import { findBillingProfile } from '../invoices/billing-profile-repository.ts';
import type { CustomerFiscalData } from '../invoices/invoice-document.ts';
import { saveBillingDetails } from '../invoices/save-billing-details.ts';
import { publicId } from '../public/public-ids.ts';
import type { ApiRoutes } from './api-app.ts';
import { ApiError, problemSchema } from './api-errors.ts';
import { idParams, rowIdOr404 } from './api-ids.ts';

const tags = ['customers'];
const text = z.string().max(200);
const fields = {
  first_name: text.describe('person'),
  last_name: text.describe('person'),
  name: text.describe('company or public administration: denominazione'),
  tax_code: text.describe(
    'codice fiscale: 16 characters (person), 11 digits (public administration), optional for a company',
  ),
  vat_number: text.describe('partita IVA, 11 digits: required for a company'),
  office_code: text.describe('codice univoco ufficio, 6 characters: public administration'),
  recipient_code: text.describe('codice destinatario, 7 characters (person, company)'),
  pec: text.describe('PEC address for invoices (person, company)'),
  street: text,
  postal_code: text.describe('CAP: 5 digits in Italy'),
  city: text,
  province: text.describe('2 letters, in Italy'),
  country: text.describe('ISO 3166 alpha-2, default IT'),
};

type FieldName = keyof typeof fields;

const billingDetailsSchema = z
  .object({
    object: z.literal('billing_details'),
    customer: z.string(),
    kind: z.enum(BILLING_KINDS),
    ...(Object.fromEntries(Object.entries(fields).map(([name, schema]) => [name, schema.nullable()])) as {
      [K in FieldName]: z.ZodNullable<(typeof fields)[K]>;
    }),
  })
  .meta({ id: 'BillingDetails', description: '"Dati di fatturazione": who the customer’s invoices are made out to.' });

const MESSAGES_EN: Record<Exclude<BillingFieldError, FiscalCodeError>, string> = {
  required: 'required for this kind',
  too_long: 'too long, or has < or >',
  pec_format: 'not an email address',
  kind: 'one of person, company, public_administration',
  country_format: 'a 2-letter country code',
};

function resource(customerId: number, data: CustomerFiscalData) {
  const form = billingFormOf(data);
  const values = Object.fromEntries(
    BILLING_FIELDS.filter((f) => f !== 'kind').map((f) => [f, form[f] === '' ? null : form[f]]),
  ) as Record<FieldName, string | null>;
  return { object: 'billing_details' as const, customer: publicId('customer', customerId), kind: data.kind, ...values };
}

/** A customer's "Dati di fatturazione" (issue 15), the same rules as the Area Clienti page (billing-profile.ts). */
export const billingDetailsRoutes: ApiRoutes = (app, deps) => {
  app.get(
    '/customers/:id/billing-details',
    {
      schema: {
        tags,
        summary: "Get a customer's billing details",
        params: idParams,
        response: { 200: billingDetailsSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const id = rowIdOr404('customer', request.params.id, 'customer_not_found');
      const data = await findBillingProfile(deps.db, id);
      if (!data) {
        if (!(await findCustomerById(deps.db, id))) throw new ApiError('customer_not_found');
        throw new ApiError('billing_details_not_found');
      }
      return resource(id, data);
    },
  );

  app.post(
    '/customers/:id/billing-details',
    {
      schema: {
        tags,
        summary: "Set a customer's billing details",
        description:
          'Replaces them. Codes are checked as Area Clienti checks them (partita IVA and codice fiscale check ' +
          'characters); every wrong field is listed in `errors`. Documents issued to the customer as a consumer ' +
          'and not yet transmitted are completed with them.',
        params: idParams,
        body: z.object({ kind: z.enum(BILLING_KINDS), ...fields }).partial({ ...fieldsOptional() }),
        response: { 200: billingDetailsSchema, 404: problemSchema, 422: problemSchema },
      },
    },
    async (request) => {
      const id = rowIdOr404('customer', request.params.id, 'customer_not_found');
      if (!(await findCustomerById(deps.db, id))) throw new ApiError('customer_not_found');
      const checked = validateBillingForm(request.body as Partial<BillingForm>);
      if (!checked.ok) {
        const errors = Object.entries(checked.errors).map(([field, error]) => ({
          field,
          message:
            error in FISCAL_CODE_MESSAGES
              ? FISCAL_CODE_MESSAGES[error as FiscalCodeError].en
              : MESSAGES_EN[error as keyof typeof MESSAGES_EN],
        }));
        throw new ApiError('invalid_billing_details', undefined, { errors });
      }
      await saveBillingDetails(deps.db, { customerId: id, data: checked.data, at: deps.clock.now() });
      return resource(id, checked.data);
    },
  );
};

function fieldsOptional(): Record<FieldName, true> {
  return Object.fromEntries(Object.keys(fields).map((name) => [name, true])) as Record<FieldName, true>;
}
