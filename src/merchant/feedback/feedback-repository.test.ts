import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { merchantMigrations } from '../../db/migrations/index.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/test-databases.ts';
import { ManualClock } from '../../shared/clock.ts';
import { insertCustomer } from '../customers/customer-repository.ts';
import { listFeedbackComments, listFeedbackCounts } from './feedback-repository.ts';
import { recordFeedback } from './record-feedback.ts';

describe.each(testDatabaseKinds())('page feedback on %s', (kind) => {
  let db: Kysely<MerchantDatabase>;
  let close: () => Promise<void>;
  const clock = new ManualClock('2026-12-02T10:00:00Z');
  let customers = 0;
  const newCustomer = async () =>
    (
      await insertCustomer(db, {
        email: `voter-${++customers}@example.com`,
        passwordHash: 'x',
        name: 'V',
        locale: 'it',
      })
    ).id;

  beforeAll(async () => {
    ({ db, close } = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations));
  });
  afterAll(() => close());

  const rows = (customerId: number) =>
    db.selectFrom('page_feedback').selectAll().where('customer_id', '=', customerId).execute();

  it('keeps one vote per customer per page: a second vote replaces the answer and the comment', async () => {
    const customer = await newCustomer();
    const voter = { customerId: customer };
    await recordFeedback(db, clock, { pageKey: 'area.help', voter, useful: true, comment: '  Chiara  ' });
    clock.advance(60_000);
    await recordFeedback(db, clock, { pageKey: 'area.help', voter, useful: false, comment: '' });
    await recordFeedback(db, clock, { pageKey: 'pay.result', voter, useful: true, comment: 'Veloce' });
    const votes = await rows(customer);
    expect(votes).toHaveLength(2);
    const help = votes.find((v) => v.page_key === 'area.help')!;
    expect(help).toMatchObject({ useful: false, comment: null });
    expect(help.updated_at.getTime() - help.created_at.getTime()).toBe(60_000);
    expect(votes.find((v) => v.page_key === 'pay.result')).toMatchObject({ useful: true, comment: 'Veloce' });
  });

  it('refuses a second row for the same customer and page in the database itself', async () => {
    const customer = await newCustomer();
    const row = {
      page_key: 'area.help',
      customer_id: customer,
      session_hash: null,
      useful: true,
      comment: null,
      created_at: clock.now(),
      updated_at: clock.now(),
    };
    await db.insertInto('page_feedback').values(row).execute();
    await expect(db.insertInto('page_feedback').values(row).execute()).rejects.toThrow(/page_feedback_customer_key/);
  });

  it('counts concurrent votes of one customer as one', async () => {
    const customer = await newCustomer();
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        recordFeedback(db, clock, {
          pageKey: 'pay.result',
          voter: { customerId: customer },
          useful: i % 2 === 0,
          comment: '',
        }),
      ),
    );
    expect(await rows(customer)).toHaveLength(1);
  });

  it('stores a visitor who is not signed in with no customer, one vote per page per session', async () => {
    const voter = { sessionHash: 'a'.repeat(64) };
    await recordFeedback(db, clock, { pageKey: 'area.help', voter, useful: true, comment: '' });
    await recordFeedback(db, clock, { pageKey: 'area.help', voter, useful: true, comment: 'Utile' });
    const votes = await db
      .selectFrom('page_feedback')
      .selectAll()
      .where('session_hash', '=', voter.sessionHash)
      .execute();
    expect(votes).toEqual([expect.objectContaining({ customer_id: null, useful: true, comment: 'Utile' })]);
  });

  it('lists counts per page and the comments of a page, for the back office', async () => {
    const [a, b, c] = [await newCustomer(), await newCustomer(), await newCustomer()];
    const before = await listFeedbackCounts(db);
    const help = (list: typeof before) => list.find((row) => row.pageKey === 'area.help');
    clock.advance(60_000);
    await recordFeedback(db, clock, { pageKey: 'area.help', voter: { customerId: a }, useful: true, comment: '' });
    await recordFeedback(db, clock, {
      pageKey: 'area.help',
      voter: { customerId: b },
      useful: false,
      comment: 'Poco chiara',
    });
    await recordFeedback(db, clock, { pageKey: 'area.help', voter: { customerId: c }, useful: true, comment: 'Ok' });
    const after = help(await listFeedbackCounts(db))!;
    expect(after.useful - (help(before)?.useful ?? 0)).toBe(2);
    expect(after.notUseful - (help(before)?.notUseful ?? 0)).toBe(1);
    expect(after.comments - (help(before)?.comments ?? 0)).toBe(2);
    expect(after.lastAt).toEqual(clock.now());
    const comments = await listFeedbackComments(db, 'area.help', 2);
    expect(comments.map((x) => x.comment).sort()).toEqual(['Ok', 'Poco chiara']);
  });
});
