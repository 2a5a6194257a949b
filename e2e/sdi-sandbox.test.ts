import { afterAll, describe, expect, it } from 'vitest';
import { createScratchPostgresDatabase, testDatabaseKinds } from '../src/db/test-databases.ts';
import { buildFatturaPaXml, fatturaPaFileName } from '../src/merchant/invoices/fatturapa-xml.ts';
import { personInvoice } from '../src/merchant/invoices/testing/fiscal-document-fixtures.ts';
import { ManualClock } from '../src/shared/clock.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

/** The sandbox SdI as the product starts it: in the worker's process, its delay from the configuration. */
describe.each(testDatabaseKinds())('the system’s sandbox SdI, on %s', (kind) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('takes a file and answers with an RC after SDI_SANDBOX_DELAY_SECONDS; CASSA_SANDBOX_SDI=0 leaves it out', async () => {
    const env: Record<string, string> = { SDI_SANDBOX_DELAY_SECONDS: '60' };
    if (kind === 'postgres') {
      const scratch = await createScratchPostgresDatabase(process.env.TEST_DATABASE_URL as string, 'cassa_e2e_sdi');
      cleanups.push(scratch.drop);
      env.DATABASE_URL = scratch.url;
    }
    const clock = new ManualClock('2026-12-03T10:00:00Z');
    const system: TestSystem = await startTestSystem({ env, clock });
    cleanups.push(() => system.stop());
    const channel = system.sdiChannel;
    if (!channel) throw new Error('the sandbox SdI should run by default');
    const doc = personInvoice();
    const transmission = await channel.transmit({ fileName: fatturaPaFileName(doc), xml: buildFatturaPaXml(doc) });
    if (!transmission.ok) throw new Error(transmission.reason);
    clock.advance(59_000);
    expect(await channel.notifications(transmission.sdiId)).toEqual([]);
    clock.advance(1_000);
    expect((await channel.notifications(transmission.sdiId)).map((n) => n.kind)).toEqual(['RC']);
    await system.stop();
    cleanups.pop();

    const without = await startTestSystem({ env: { ...env, CASSA_SANDBOX_SDI: '0' }, clock });
    cleanups.push(() => without.stop());
    expect(without.sdiChannel).toBeUndefined();
  });
});
