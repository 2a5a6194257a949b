import { type FirstStartInput, prepareDatabases } from './first-start.ts';
import { ManualClock } from './shared/clock.ts';

// The child process of `prepareFirstStartInChild`: prepares the databases, answers what it did, and ends (its
// WebAssembly memory with it). An error ends it with a non-zero exit, and the start fails as it would in the parent.
process.once('message', async (input: FirstStartInput) => {
  const prepared = await prepareDatabases(input.config, new ManualClock(input.now));
  process.send?.(prepared, () => process.disconnect());
});
