import path from 'node:path';
import { type Command, CommandUsageError } from '../../admin/commands.ts';
import { listFailedEmails, retryFailedEmail } from './outbox-repository.ts';
import { emailSettingsFrom } from './render-email.ts';
import { writeEmailPreviews } from './write-previews.ts';

const USAGE = 'usage: mail preview | mail failed | mail retry <id>';

/**
 * `npm run cassa -- mail <preview|failed|retry <id>>`: write every template in both languages to
 * DATA_DIR/mail-preview; list the emails that failed permanently with their reason; put one back in the queue.
 */
export const mailCommand: Command = {
  description: 'mail preview (write every email to DATA_DIR/mail-preview) · mail failed · mail retry <id>',
  async run({ config, merchantDb, clock }, args, report) {
    const [action, arg] = args;
    switch (action) {
      case 'preview': {
        const dir = path.join(config.dataDir, 'mail-preview');
        const files = writeEmailPreviews(dir, emailSettingsFrom(config));
        return `wrote ${files.length} files to ${dir} (open index.html)`;
      }
      case 'failed': {
        const failed = await listFailedEmails(merchantDb);
        for (const email of failed) {
          report({
            type: 'line',
            text: `#${email.id} ${email.createdAt.toISOString()} ${email.template} to ${email.to} after ${email.attempts} attempt(s): ${email.lastError ?? ''}`,
          });
        }
        return failed.length === 0
          ? 'no failed emails'
          : `${failed.length} failed email(s); resend one with: mail retry <id>`;
      }
      case 'retry': {
        const id = Number(arg);
        if (!Number.isSafeInteger(id) || id <= 0) throw new CommandUsageError(USAGE);
        if (!(await retryFailedEmail(merchantDb, id, clock.now()))) {
          throw new CommandUsageError(`email #${id} is not a failed email`);
        }
        return `email #${id} is queued again (same Message-ID)`;
      }
      default:
        throw new CommandUsageError(USAGE);
    }
  },
};
