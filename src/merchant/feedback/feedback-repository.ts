import type { Kysely, Transaction } from 'kysely';
import type { MerchantDatabase } from '../../db/schema.ts';

type Db = Kysely<MerchantDatabase> | Transaction<MerchantDatabase>;

/** Who voted: a signed-in customer, or (not signed in) one browser session, by its hash as web_sessions keeps it. */
export type FeedbackVoter = { customerId: number } | { sessionHash: string };

export interface FeedbackVote {
  pageKey: string;
  voter: FeedbackVoter;
  useful: boolean;
  comment: string | null;
  at: Date;
}

/**
 * One vote per page and voter, by the partial unique indexes of page_feedback: a second vote replaces the first
 * (answer, comment, updated_at), in one statement, so concurrent votes leave one row with one of the answers.
 */
export async function upsertFeedback(db: Db, vote: FeedbackVote): Promise<void> {
  const values = {
    page_key: vote.pageKey,
    useful: vote.useful,
    comment: vote.comment,
    created_at: vote.at,
    updated_at: vote.at,
  };
  const update = { useful: vote.useful, comment: vote.comment, updated_at: vote.at };
  if ('customerId' in vote.voter) {
    await db
      .insertInto('page_feedback')
      .values({ ...values, customer_id: vote.voter.customerId, session_hash: null })
      .onConflict((oc) =>
        oc.columns(['page_key', 'customer_id']).where('customer_id', 'is not', null).doUpdateSet(update),
      )
      .execute();
  } else {
    await db
      .insertInto('page_feedback')
      .values({ ...values, customer_id: null, session_hash: vote.voter.sessionHash })
      .onConflict((oc) => oc.columns(['page_key', 'session_hash']).where('customer_id', 'is', null).doUpdateSet(update))
      .execute();
  }
}

export interface FeedbackCounts {
  pageKey: string;
  useful: number;
  notUseful: number;
  comments: number;
  lastAt: Date;
}

/** Per page: how many found it useful, how many not, how many left a comment (for the back office), by page key. */
export async function listFeedbackCounts(db: Db): Promise<FeedbackCounts[]> {
  const rows = await db
    .selectFrom('page_feedback')
    .select((eb) => [
      'page_key',
      eb.fn.countAll<string>().filterWhere('useful', '=', true).as('useful'),
      eb.fn.countAll<string>().filterWhere('useful', '=', false).as('not_useful'),
      eb.fn.count<string>('comment').as('comments'),
      eb.fn.max('updated_at').as('last_at'),
    ])
    .groupBy('page_key')
    .orderBy('page_key')
    .execute();
  return rows.map((row) => ({
    pageKey: row.page_key,
    useful: Number(row.useful),
    notUseful: Number(row.not_useful),
    comments: Number(row.comments),
    lastAt: new Date(row.last_at),
  }));
}

export interface FeedbackComment {
  useful: boolean;
  comment: string;
  customerId: number | null;
  at: Date;
}

/** The comments left on one page, newest first. */
export async function listFeedbackComments(db: Db, pageKey: string, limit = 100): Promise<FeedbackComment[]> {
  const rows = await db
    .selectFrom('page_feedback')
    .select(['useful', 'comment', 'customer_id', 'updated_at'])
    .where('page_key', '=', pageKey)
    .where('comment', 'is not', null)
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    useful: row.useful,
    comment: row.comment ?? '',
    customerId: row.customer_id === null ? null : Number(row.customer_id),
    at: row.updated_at,
  }));
}
