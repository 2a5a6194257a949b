/**
 * The pages that ask "La tua opinione è importante per noi!", by a stable key (`app.page`): votes are counted per key,
 * so a key names a kind of page (every payment result is one page), never one URL.
 */
export const FEEDBACK_PAGES = ['area.help', 'pay.result'] as const;

export type FeedbackPage = (typeof FEEDBACK_PAGES)[number];

export function isFeedbackPage(value: unknown): value is FeedbackPage {
  return typeof value === 'string' && (FEEDBACK_PAGES as readonly string[]).includes(value);
}

/** An optional comment is at most this long (the database checks it too). */
export const FEEDBACK_COMMENT_MAX = 1000;
