import { AsyncLocalStorage } from 'node:async_hooks';

const context = new AsyncLocalStorage<{ requestId: string }>();

/** Runs `next` with `requestId` as the current request's id (request-log.ts does it for every request). */
export function runWithRequestId(requestId: string, next: () => void): void {
  context.run({ requestId }, next);
}

/** The id of the HTTP request this code runs for, if any: what an outgoing call to the bank carries along. */
export function currentRequestId(): string | undefined {
  return context.getStore()?.requestId;
}
