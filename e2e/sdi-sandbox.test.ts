import { afterAll, describe, expect, it } from 'vitest';
import { createScratchPostgresDatabase, testDatabaseKinds } from '../src/db/test-databases.ts';
import { enqueueJob } from '../src/jobs/job-queue.ts';
import { buildFatturaPaXml, fatturaPaFileName } from '../src/merchant/invoices/fatturapa-xml.ts';
import { personInvoice } from '../src/merchant/invoices/testing/fiscal-document-fixtures.ts';
import { ManualClock } from '../src/shared/clock.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

/** The sandbox SdI as the product starts it: in the worker's process, its delay from the configuration. */
/**
 * Whether the system's worker runs the SdI queues: a `sdi.transmit` job for a document that does not exist is done
 * at once by a worker with a channel, and left queued by one without.
 */
async function transmitJobRuns(system: TestSystem, key: string): Promise<boolean> {
  const db = system.merchantDb;
  const now = new Date('2026-12-03T10:00:00Z');
  await enqueueJob(db, {
    queue: 'sdi.transmit',
    payload: { documentId: 0, attempt: 1 },
    runAt: now,
    singletonKey: key,
  });
  // The system's own worker loop may hold the job mid-sweep: a few sweeps of ours, until it is no longer running.
  for (let sweep = 0; sweep < 10; sweep++) {
    await system.worker.runDue();
    const job = await db.selectFrom('jobs').select('status').where('singleton_key', '=', key).executeTakeFirstOrThrow();
    if (job.status !== 'running' && (job.status !== 'queued' || sweep >= 2)) return job.status === 'done';
  }
  return false;
}

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
    expect(await transmitJobRuns(system, 'sdi.transmit:wiring:1')).toBe(true);
    await system.stop();
    cleanups.pop();

    const without = await startTestSystem({ env: { ...env, CASSA_SANDBOX_SDI: '0' }, clock });
    cleanups.push(() => without.stop());
    expect(without.sdiChannel).toBeUndefined();
    // No channel, no SdI queues: the job waits, unclaimed, for a worker that has one.
    expect(await transmitJobRuns(without, 'sdi.transmit:wiring:2')).toBe(false);
  });
});
