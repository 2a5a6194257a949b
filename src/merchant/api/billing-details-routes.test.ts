import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { merchantMigrations } from '../../db/migrations/index.ts';
import type { MerchantDatabase } from '../../db/schema.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/test-databases.ts';
import { ManualClock } from '../../shared/clock.ts';
import { findBillingProfile } from '../invoices/billing-profile-repository.ts';
import { customerWithService } from '../orders/test-fixtures.ts';
import type { ApiApp } from './api-app.ts';
import { apiTestApp, testApiKey } from './testing/api-test-app.ts';

describe.each(testDatabaseKinds())('billing details in the API on %s', (kind) => {
  let database: Database<MerchantDatabase>;
  let app: ApiApp;
  let key: string;
  let n = 0;
  const clock = new ManualClock('2026-12-03T10:00:00Z');
  beforeAll(async () => {
    database = await openTestDatabase<MerchantDatabase>(kind, merchantMigrations);
    app = await apiTestApp(database.db, clock);
    key = await testApiKey(database.db);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const get = (url: string) => app.inject({ url, headers: { authorization: `Bearer ${key}` } });
  const post = (url: string, payload: Record<string, unknown>) => {
    n += 1;
    return app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${key}`, 'idempotency-key': `billing-${kind}-${n}` },
      payload,
    });
  };

  it('sets and gets a company’s billing details, normalized; a wrong partita IVA is a 422 naming the field', async () => {
    const { customerId } = await customerWithService(database.db);
    const url = `/api/v1/customers/cus_${customerId}/billing-details`;
    const none = await get(url);
    expect(none.statusCode).toBe(404);
    expect(none.json().code).toBe('billing_details_not_found');

    const company = {
      kind: 'company',
      name: 'ACME S.r.l.',
      vat_number: 'IT12345678904',
      recipient_code: 'm5uxcr1',
      street: 'Via Roma 1',
      postal_code: '0018',
      city: 'Roma',
      province: 'rm',
    };
    const refused = await post(url, company);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({
      code: 'invalid_billing_details',
      errors: [
        { field: 'postal_code', message: 'The postal code (CAP) has 5 digits' },
        { field: 'vat_number', message: expect.stringContaining('The check digit of the VAT number') },
      ],
    });
    expect(await findBillingProfile(database.db, customerId)).toBeUndefined();

    const saved = await post(url, { ...company, vat_number: 'IT12345678903', postal_code: '00184' });
    expect(saved.statusCode).toBe(200);
    const expected = {
      object: 'billing_details',
      customer: `cus_${customerId}`,
      kind: 'company',
      first_name: null,
      last_name: null,
      name: 'ACME S.r.l.',
      tax_code: null,
      vat_number: '12345678903',
      office_code: null,
      recipient_code: 'M5UXCR1',
      pec: null,
      street: 'Via Roma 1',
      postal_code: '00184',
      city: 'Roma',
      province: 'RM',
      country: 'IT',
    };
    expect(saved.json()).toEqual(expected);
    expect((await get(url)).json()).toEqual(expected);
  });

  it('answers 404 for a customer that does not exist', async () => {
    expect((await get('/api/v1/customers/cus_999999/billing-details')).json().code).toBe('customer_not_found');
    const posted = await post('/api/v1/customers/cus_999999/billing-details', { kind: 'person' });
    expect(posted.statusCode).toBe(404);
  });
});
