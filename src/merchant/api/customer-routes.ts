import { z } from 'zod';
import { createCustomer, updateCustomer } from '../customers/create-customer.ts';
import { findCustomerById } from '../customers/customer-repository.ts';
import { customerResource } from '../public/resources.ts';
import type { ApiRoutes } from './api-app.ts';
import { ApiError, problemSchema } from './api-errors.ts';
import { idParams, rowIdOr404 } from './api-ids.ts';
import { listCustomersPage } from './list-queries.ts';
import { cursorId, listSchema, PAGINATION_DESCRIPTION, pageQuery, toPage } from './pagination.ts';
import { customerSchema } from './resource-schemas.ts';

const tags = ['customers'];
const customerFields = {
  name: z.string().trim().min(1).max(200),
  email: z.email().max(254),
  locale: z.enum(['it', 'en']),
  phone: z.string().trim().min(3).max(40).nullable(),
};

/** Customers: the provider's CRM creates and updates them; a customer created here is emailed a set-password link. */
export const customerRoutes: ApiRoutes = (app, deps) => {
  app.post(
    '/customers',
    {
      schema: {
        tags,
        summary: 'Create a customer',
        description:
          'The customer has no password: Cassa emails them a single-use link to set one (valid 30 minutes; ' +
          '"Password dimenticata?" on the login page sends a new one).',
        body: z.object({
          ...customerFields,
          locale: customerFields.locale.default('it'),
          phone: customerFields.phone.optional(),
        }),
        response: { 201: customerSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const result = await createCustomer(deps, { ...body, phone: body.phone ?? null });
      if (!result.ok) throw new ApiError('email_taken', `A customer with ${body.email} exists already.`);
      return reply.code(201).send(customerResource(result.customer));
    },
  );

  app.get(
    '/customers',
    {
      schema: {
        tags,
        summary: 'List customers, or find one by email',
        description: PAGINATION_DESCRIPTION,
        querystring: z.object({ ...pageQuery, email: z.string().optional().describe('exact, case-insensitive') }),
        response: { 200: listSchema(customerSchema) },
      },
    },
    async (request) => {
      const { limit, starting_after, email } = request.query;
      const rows = await listCustomersPage(deps.db, { limit, email, beforeId: cursorId('customer', starting_after) });
      return toPage(rows, limit, customerResource);
    },
  );

  app.get(
    '/customers/:id',
    {
      schema: {
        tags,
        summary: 'Get a customer',
        params: idParams,
        response: { 200: customerSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const customer = await findCustomerById(deps.db, rowIdOr404('customer', request.params.id, 'customer_not_found'));
      if (!customer) throw new ApiError('customer_not_found');
      return customerResource(customer);
    },
  );

  app.post(
    '/customers/:id',
    {
      schema: {
        tags,
        summary: 'Update a customer (name, email, locale, phone)',
        params: idParams,
        body: z.object(customerFields).partial(),
        response: { 200: customerSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request) => {
      const id = rowIdOr404('customer', request.params.id, 'customer_not_found');
      const result = await updateCustomer(deps, id, request.body);
      if (!result.ok) {
        throw result.reason === 'email_taken'
          ? new ApiError('email_taken', 'Another customer has this email.')
          : new ApiError('customer_not_found');
      }
      return customerResource(result.customer);
    },
  );
};
