import { findCustomerById } from '../../customers/customer-repository.ts';
import type { EmailTemplate } from '../../email/email-messages.ts';
import { emailSettingsFrom, renderOutboxEmail } from '../../email/render-email.ts';
import { AppError } from '../../web/errors.ts';
import type { BackofficeRoutes } from '../backoffice-deps.ts';
import { sendBackofficePage } from '../backoffice-page.tsx';
import { operatorOf } from '../operator-guard.ts';
import { emailOfPath } from './email-of-path.ts';
import { EmailPage } from './email-page.tsx';

/**
 * What an operator must not read in an email: a password reset's token would let them sign in as the customer. The
 * page shows the email with these replaced; the customer's own copy is untouched.
 */
const HIDDEN_DATA: Partial<Record<EmailTemplate, readonly string[]>> = { password_reset: ['token'] };
// Plain letters: a hidden value may sit in a link, where anything else would be percent-encoded.
const HIDDEN = 'HIDDEN';

/** `GET /email/:id`: one outbox email as it was sent, for every role (resend and retry for the roles that may). */
export const emailRoutes: BackofficeRoutes = (deps) => async (app) => {
  const settings = emailSettingsFrom(deps.config);
  app.get<{ Params: { id: string } }>('/email/:id', async (request, reply) => {
    operatorOf(request);
    const email = await emailOfPath(deps.db, request.params.id);
    if (!email) throw new AppError('not_found', `no email ${request.params.id.slice(0, 20)}`);
    const hidden = HIDDEN_DATA[email.template as EmailTemplate] ?? [];
    const data = { ...email.data, ...Object.fromEntries(hidden.map((name) => [name, HIDDEN])) };
    let rendered: ReturnType<typeof renderOutboxEmail> | { error: string };
    try {
      rendered = renderOutboxEmail({ ...email, data }, settings);
    } catch (error) {
      rendered = { error: error instanceof Error ? error.message : String(error) };
    }
    const customer = email.customerId === null ? undefined : await findCustomerById(deps.db, email.customerId);
    return sendBackofficePage(request, reply, {
      title: request.i18n.t('bo.email.title', { id: email.id }),
      children: EmailPage({
        request,
        email,
        customer: customer ? { id: customer.id, name: customer.name } : null,
        rendered,
        hidden: hidden.length > 0,
      }),
    });
  });
};
