import type { Customer } from '../../../db/schema.ts';
import { deleteCustomerSessions } from '../../web/session-repository.ts';
import { defineAction } from '../actions/action-definition.ts';
import { customerPath } from '../lists/list-links.tsx';
import { customerOfPath } from './customer-file.ts';

interface Target {
  customer: Customer;
  openSessions: number;
}

/**
 * "Disconnetti ovunque": ends every session of the customer in Area Clienti and Pagamenti, on every device — the
 * same step a password reset takes (deleteCustomerSessions). For a customer who lost a phone, or a shared computer.
 */
export const signOutEverywhere = defineAction<Target>({
  path: '/clienti/:id/esci-ovunque',
  action: 'sign_out_customer',
  async load(deps, params) {
    const customer = await customerOfPath(deps.db, params.id);
    if (!customer) return null;
    const row = await deps.db
      .selectFrom('web_sessions')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('customer_id', '=', customer.id)
      .executeTakeFirstOrThrow();
    return { customer, openSessions: Number(row.count) };
  },
  title: ({ customer }, { t }) => t('bo.signOut.title', { name: customer.name }),
  consequences: ({ customer, openSessions }, { t }) => [
    t('bo.signOut.sessions', { count: openSessions }),
    t('bo.signOut.effect', { email: customer.email }),
    t('bo.signOut.nothingElse'),
  ],
  submitLabel: ({ t }) => t('bo.signOut.submit'),
  returnTo: ({ customer }) => customerPath(customer.id),
  async perform({ deps, target }) {
    const ended = await deleteCustomerSessions(deps.db, target.customer.id);
    return {
      ok: true,
      audit: {
        objectType: 'customer',
        objectId: String(target.customer.id),
        customerId: target.customer.id,
        before: { openSessions: ended },
        after: { openSessions: 0 },
      },
    };
  },
});
