import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import pino from 'pino';
import { loadConfig } from '../../../config.ts';
import type { DatabaseKind } from '../../../db/database.ts';
import { merchantMigrations } from '../../../db/migrations/index.ts';
import type { MerchantDatabase, OperatorRole } from '../../../db/schema.ts';
import { openTestDatabase } from '../../../db/test-databases.ts';
import { ManualClock } from '../../../shared/clock.ts';
import { seedDemoData } from '../../demo/demo-data.ts';
import type { PaymentGateway } from '../../gateway/payment-gateway.ts';
import { createOperator } from '../../operators/create-operator.ts';
import type { Operator } from '../../operators/operator-repository.ts';
import { TestClient } from '../../web/test-client.ts';
import { buildBackofficeApp } from '../backoffice-app.ts';

export const TEST_OPERATOR_PASSWORD = 'operator-test-password';

export interface TestBackoffice {
  app: FastifyInstance;
  db: Kysely<MerchantDatabase>;
  clock: ManualClock;
  /** A new operator of `role` (its own email each time), signed in on a new client. */
  signIn(role: OperatorRole): Promise<{ client: TestClient; operator: Operator }>;
  /** A new operator of `role`, not signed in. */
  newOperator(role: OperatorRole): Promise<Operator>;
  close(): Promise<void>;
}

let operatorCount = 0;

/**
 * Test support: a migrated database with the demo data, and the back office on it, driven by a manual clock.
 * `gateway`: the bank, for the pages that call it (live status, refunds); a test that needs none may leave it out,
 * and a call then fails loudly.
 */
export async function openTestBackoffice(
  kind: DatabaseKind,
  options: {
    env?: Record<string, string>;
    gateway?: PaymentGateway;
    demoData?: boolean;
    /** Another kit's database and clock (the payments kit's, with its bank): used as they are, left open on close. */
    on?: { db: Kysely<MerchantDatabase>; clock: ManualClock };
  } = {},
): Promise<TestBackoffice> {
  const database = options.on
    ? { db: options.on.db, close: async () => {} }
    : await openTestDatabase<MerchantDatabase>(kind, merchantMigrations);
  const clock = options.on?.clock ?? new ManualClock('2026-11-28T09:00:00Z');
  const config = loadConfig({ NODE_ENV: 'test', ...options.env });
  if (options.demoData !== false && !options.on) {
    await seedDemoData(database.db, { clock, timeZone: config.businessTimeZone });
  }
  const gateway =
    options.gateway ??
    (new Proxy({}, { get: () => () => Promise.reject(new Error('no bank in this test')) }) as PaymentGateway);
  const app = await buildBackofficeApp({
    db: database.db,
    config,
    logger: pino({ level: 'silent' }),
    clock,
    gateway,
  });
  const newOperator = async (role: OperatorRole) => {
    operatorCount += 1;
    const created = await createOperator(
      database.db,
      {
        email: `${role}.${operatorCount}.${process.pid}@operators.example.com`,
        name: `Operatore ${role} ${operatorCount}`,
        role,
        password: TEST_OPERATOR_PASSWORD,
      },
      { clock },
    );
    if (created.kind !== 'created') throw new Error(`test operator not created: ${created.reason}`);
    return created.operator;
  };
  return {
    app,
    db: database.db,
    clock,
    newOperator,
    async signIn(role) {
      const operator = await newOperator(role);
      const client = new TestClient(app);
      const response = await client.logIn(operator.email, TEST_OPERATOR_PASSWORD);
      if (response.statusCode !== 303 || response.headers.location !== '/') {
        throw new Error(`test operator did not sign in: ${response.statusCode} ${response.headers.location}`);
      }
      return { client, operator };
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}
