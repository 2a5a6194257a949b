import { describe, expect, it } from 'vitest';
import { startPeriodicTask } from './job-runner.ts';

describe('periodic task', () => {
  it('runs on its interval, never two runs at once, and stop() waits for the run under way', async () => {
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    let finished = 0;
    const task = startPeriodicTask(
      async () => {
        running++;
        runs++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((resolve) => setTimeout(resolve, 30));
        running--;
        finished++;
      },
      { intervalMs: 10, onError: () => {} },
    );
    await new Promise((resolve) => setTimeout(resolve, 120));
    await Promise.all([task.runNow(), task.runNow()]);
    await task.stop();
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(maxRunning).toBe(1);
    expect(finished).toBe(runs);
    const after = runs;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runs).toBe(after);
  });

  it('reports a failed run and tries again on the next tick; an interval of 0 schedules nothing', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const failing = startPeriodicTask(
      async () => {
        calls++;
        throw new Error('bank down');
      },
      { intervalMs: 10, onError: (error) => errors.push(error) },
    );
    await new Promise((resolve) => setTimeout(resolve, 60));
    await failing.stop();
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(errors.length).toBe(calls);

    let manual = 0;
    const never = startPeriodicTask(
      async () => {
        manual++;
      },
      { intervalMs: 0, onError: () => {} },
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(manual).toBe(0);
    await never.runNow();
    expect(manual).toBe(1);
    await never.stop();
  });
});
