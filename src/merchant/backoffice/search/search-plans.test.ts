import type { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/database.ts';
import { merchantMigrations } from '../../../db/migrations/index.ts';
import type { MerchantDatabase } from '../../../db/schema.ts';
import { openTestDatabase, testDatabaseKinds } from '../../../db/test-databases.ts';
import { planWithoutSeqScans } from '../../../db/testing/query-plan.ts';
import {
  customerByEmail,
  customersContaining,
  ordersByNumberPrefix,
  paymentByBankSession,
  paymentByPublicId,
  paymentsByBankSessionPrefix,
  paymentsByCardLast4,
  paymentsByPublicIdPrefix,
  servicesContaining,
} from './search-queries.ts';

/**
 * The search's statements — compiled by the very builders the page runs — read their indexes, so that dropping one
 * fails here rather than on 100,000 orders (bench/search.ts measures those). Test tables are small, so the planner
 * would rightly scan them: with sequential scans priced out (`enable_seqscan = off`, this session only) a plan that
 * still reads a whole table means no index fits.
 */
describe.each(testDatabaseKinds())('search plans on %s', (kind) => {
  let database: Database<MerchantDatabase>;
  beforeAll(async () => {
    database = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations, { poolSize: 1 });
  }, 60_000);
  afterAll(async () => {
    await database?.close();
  });

  const planOf = (compiled: CompiledQuery) => planWithoutSeqScans(database.db as never, compiled);

  const db = () => database.db;
  const HEX = '0123456789abcdef0123456789abcdef';

  it.each([
    [
      'customers by name or email',
      () => customersContaining(db(), 'Nicolò Rossi'),
      ['customers_name_search_idx', 'customers_email_search_idx'],
      'customers',
    ],
    [
      'customers by two letters',
      () => customersContaining(db(), 'ni'),
      ['customers_name_search_idx', 'customers_email_search_idx'],
      'customers',
    ],
    [
      'services by two letters',
      () => servicesContaining(db(), 'st'),
      ['subscriptions_label_search_idx'],
      'subscriptions',
    ],
    [
      'services by label',
      () => servicesContaining(db(), 'studio-rossi'),
      ['subscriptions_label_search_idx'],
      'subscriptions',
    ],
    [
      'a customer by exact email',
      () => customerByEmail(db(), 'mario@example.com'),
      ['customers_email_key'],
      'customers',
    ],
    [
      'orders by number prefix',
      () => ordersByNumberPrefix(db(), 'ORD-2026-0001'),
      ['orders_number_prefix_idx'],
      'orders',
    ],
    [
      'payments by card last four',
      () => paymentsByCardLast4(db(), '4242'),
      ['payment_attempts_card_last4_idx'],
      'payment_attempts',
    ],
    [
      'a payment by public id',
      () => paymentByPublicId(db(), `pa_${HEX}`),
      ['payment_attempts_public_id'],
      'payment_attempts',
    ],
    [
      'payments by public id prefix',
      () => paymentsByPublicIdPrefix(db(), 'pa_0123'),
      ['payment_attempts_public_id_prefix_idx'],
      'payment_attempts',
    ],
    [
      'a payment by bank session',
      () => paymentByBankSession(db(), `ps_${HEX}`),
      ['payment_attempts_bank_session'],
      'payment_attempts',
    ],
    [
      'payments by bank session prefix',
      () => paymentsByBankSessionPrefix(db(), 'ps_0123'),
      ['payment_attempts_bank_session_prefix_idx'],
      'payment_attempts',
    ],
  ] as const)('%s read their index', async (_name, query, indexes, table) => {
    const plan = await planOf(query().compile());
    for (const index of indexes) expect(plan).toContain(index);
    expect(plan).not.toMatch(new RegExp(`Seq Scan on ${table}\\b`));
  });
});
