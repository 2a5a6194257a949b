import type { Kysely } from 'kysely';
import type { MerchantDatabase } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import type { FeedbackPage } from './feedback-pages.ts';
import { type FeedbackVoter, upsertFeedback } from './feedback-repository.ts';

/**
 * Records "was this page useful?". A signed-in customer votes once per page, whichever app or device; a visitor who
 * is not signed in (Area Clienti's help page before login, Pagamenti without a session of a customer) votes once per
 * page per browser session and is stored with no customer. Voting again replaces the earlier answer and comment.
 */
export async function recordFeedback(
  db: Kysely<MerchantDatabase>,
  clock: Clock,
  input: { pageKey: FeedbackPage; voter: FeedbackVoter; useful: boolean; comment: string },
): Promise<void> {
  const comment = input.comment.trim();
  await upsertFeedback(db, {
    pageKey: input.pageKey,
    voter: input.voter,
    useful: input.useful,
    comment: comment === '' ? null : comment,
    at: clock.now(),
  });
}
