/**
 * Test seam for crash tests: a named point in a flow where a process can be made to stop and wait, so that a test
 * kills it exactly there (`kill -9`) and proves the restart closes the gap. Off unless `CASSA_TEST_PAUSE_AT` names the
 * point, and never in production. When it fires it prints `cassa: paused at <point>` on stderr and never resolves.
 */
export type PausePoint =
  /** A renewal charge answered by the bank, not yet recorded. */
  | 'renewal.charge.answered'
  /** A hosted session the bank authorized, read back by the merchant, not yet recorded. */
  | 'payment.authorized.unrecorded'
  /** An email accepted by the SMTP server, not yet marked sent. */
  | 'email.accepted.unmarked';

export async function pausePoint(point: PausePoint): Promise<void> {
  if (process.env.CASSA_TEST_PAUSE_AT !== point || process.env.NODE_ENV === 'production') return;
  process.stderr.write(`cassa: paused at ${point}\n`);
  await new Promise<never>(() => {});
}
