import type { EmailMessages, EmailTemplate } from '../../email/email-messages.ts';
import { enqueueEmail, type OutboxEmail } from '../../email/outbox-repository.ts';
import { isEmailTemplate } from '../../email/render-email.ts';
import type { MessageKey } from '../../web/i18n/i18n.ts';
import { defineAction } from '../actions/action-definition.ts';
import { emailPath } from '../lists/list-links.tsx';
import { emailOfPath } from './email-of-path.ts';

/**
 * Why an email cannot be sent again, or null: one still waiting is on its way already; a password reset's link is
 * single-use and short-lived, so the customer asks for a new one instead; a template we no longer have renders nothing.
 */
export function resendRefusal(email: Pick<OutboxEmail, 'status' | 'template'>): MessageKey | null {
  if (email.status === 'pending') return 'bo.resend.pending';
  if (email.template === 'password_reset') return 'bo.resend.passwordReset';
  if (!isEmailTemplate(email.template)) return 'bo.resend.unknownTemplate';
  return null;
}

/**
 * "Reinvia email": a copy of a sent or failed email to the same address, as a new outbox row (its own Message-ID)
 * through the one enqueue step. Its dedupe key is the original's id and the confirmation's key: the same form sent
 * twice is one copy, even if the audit entry after it was never written.
 */
export const resendEmail = defineAction<OutboxEmail>({
  path: '/email/:id/reinvia',
  action: 'resend_email',
  load: (deps, params) => emailOfPath(deps.db, params.id),
  unavailable: (email, { t }) => {
    const refusal = resendRefusal(email);
    return refusal && t(refusal);
  },
  title: (email, { t }) => t('bo.resend.title', { id: email.id, template: email.template }),
  consequences: (email, { t }) => [t('bo.resend.effect', { to: email.to }), t('bo.resend.content')],
  submitLabel: ({ t }) => t('bo.resend.submit'),
  returnTo: (email) => emailPath(email.id),
  async perform({ deps, target: email, requestKey }) {
    const dedupeKey = `resend_email:email:${email.id}:${requestKey}`;
    const copy = await deps.db.transaction().execute(async (trx) => {
      await enqueueEmail(trx, {
        dedupeKey,
        customerId: email.customerId,
        to: email.to,
        locale: email.locale,
        template: email.template as EmailTemplate,
        data: email.data as unknown as EmailMessages[EmailTemplate],
        at: deps.clock.now(),
      });
      return trx.selectFrom('email_outbox').select('id').where('dedupe_key', '=', dedupeKey).executeTakeFirstOrThrow();
    });
    return {
      ok: true,
      audit: {
        objectType: 'email',
        objectId: String(email.id),
        customerId: email.customerId,
        before: { email: email.id, status: email.status, to: email.to },
        after: { email: Number(copy.id), status: 'pending', to: email.to },
      },
    };
  },
});
