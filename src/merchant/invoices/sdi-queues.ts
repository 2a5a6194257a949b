import type { QueueDefinition } from '../../jobs/worker.ts';
import {
  type PollJob,
  pollTransmission,
  SDI_QUEUES,
  type SdiJobDeps,
  type TransmitJob,
  transmitDocument,
} from './sdi-jobs.ts';

/**
 * The worker's SdI queues, registered only where an SdI channel is connected: without one (CASSA_SANDBOX_SDI=0 and
 * no real adapter) the `sdi.transmit` jobs written at issue stay queued, untouched — no handler claims them, none
 * fails or spends an attempt — and their documents stay `pending` (in attesa) until a worker with a channel starts.
 */
export function sdiQueues(deps: SdiJobDeps): [QueueDefinition<TransmitJob>, QueueDefinition<PollJob>] {
  return [
    {
      queue: SDI_QUEUES.transmit,
      // The channel down: soon, then less often, for about two days (the invoice is due within 12).
      backoff: { baseMs: 60_000, maxMs: 3_600_000, jitter: 0.1 },
      maxAttempts: 50,
      // Validation alone may take 2 s on a loaded machine; each one holds 16 MiB of WebAssembly, so one at a time.
      leaseMs: 120_000,
      batchSize: 10,
      parallel: 1,
      handle: (payload) => transmitDocument(deps, payload),
      async onGiveUp(payload, { error }) {
        deps.logger.error({ ...payload, error }, 'SdI transmission given up: the document stays in attesa');
      },
    },
    {
      queue: SDI_QUEUES.poll,
      backoff: { baseMs: 60_000, maxMs: 6 * 3_600_000, jitter: 0.1 },
      maxAttempts: 40,
      leaseMs: 60_000,
      batchSize: 50,
      parallel: 2,
      handle: (payload) => pollTransmission(deps, payload),
      async onGiveUp(payload, { error }) {
        deps.logger.error({ ...payload, error }, 'SdI notifications could not be read: the document stays inviata');
      },
    },
  ];
}
