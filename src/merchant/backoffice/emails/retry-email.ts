import { type OutboxEmail, retryFailedEmail } from '../../email/outbox-repository.ts';
import type { I18n } from '../../web/i18n/i18n.ts';
import { defineAction } from '../actions/action-definition.ts';
import { emailPath } from '../lists/list-links.tsx';
import { emailOfPath } from './email-of-path.ts';

const notFailed = (email: OutboxEmail, { t }: I18n) =>
  t('bo.retry.notFailed', { status: t(`bo.lists.emailStatus.${email.status}`) });

/**
 * "Riprova l'invio": a failed email back in the delivery queue, same row and Message-ID, through the step
 * `npm run cassa -- mail retry` takes (retryFailedEmail), for after the address or the mail server was put right.
 */
export const retryEmail = defineAction<OutboxEmail>({
  path: '/email/:id/riprova',
  action: 'retry_email',
  load: (deps, params) => emailOfPath(deps.db, params.id),
  unavailable: (email, i18n) => (email.status === 'failed' ? null : notFailed(email, i18n)),
  title: (email, { t }) => t('bo.retry.title', { id: email.id, template: email.template }),
  consequences: (email, { t }) => [
    t('bo.retry.effect', { to: email.to }),
    t('bo.retry.lastError', { error: email.lastError ?? '—' }),
  ],
  submitLabel: ({ t }) => t('bo.retry.submit'),
  returnTo: (email) => emailPath(email.id),
  async perform({ deps, target: email, request }) {
    // Retried by someone else (or the command) since the confirmation was shown.
    if (!(await retryFailedEmail(deps.db, email.id, deps.clock.now()))) {
      return { ok: false, status: 409, message: notFailed({ ...email, status: 'pending' }, request.i18n) };
    }
    return {
      ok: true,
      audit: {
        objectType: 'email',
        objectId: String(email.id),
        customerId: email.customerId,
        before: { status: 'failed', attempts: email.attempts, lastError: email.lastError },
        after: { status: 'pending' },
      },
    };
  },
});
