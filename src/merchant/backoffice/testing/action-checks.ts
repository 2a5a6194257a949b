import { expect } from 'vitest';
import type { TestClient } from '../../web/test-client.ts';
import type { TestBackoffice } from './test-backoffice.ts';

/** The request key of a confirmation page's form. */
export const keyOf = (html: string) => /name="chiave" value="([^"]+)"/.exec(html)?.[1] ?? '';

/**
 * What every action's routes must refuse, checked on one action's `path`: opening the confirmation and sending the
 * form without a reason change nothing (200, then 400 on the field); a viewer can neither open it nor forge the POST
 * (403); the form without its CSRF token is refused (403). The caller checks that nothing changed.
 */
export async function expectGuardedAction(bo: TestBackoffice, support: TestClient, path: string): Promise<void> {
  const confirmation = await support.get(path);
  expect(confirmation.statusCode).toBe(200);
  expect(confirmation.body).toMatch(/<label for="action-reason">Motivo<\/label>/);
  const key = keyOf(confirmation.body);
  expect(key).toMatch(/^[0-9a-f-]{36}$/);
  const noReason = await support.post(path, { chiave: key, motivo: ' ' });
  expect(noReason.statusCode).toBe(400);
  expect(noReason.body).toContain('aria-invalid="true"');

  const viewer = (await bo.signIn('viewer')).client;
  expect((await viewer.get(path)).statusCode).toBe(403);
  await viewer.get('/');
  const forged = await viewer.post(path, { chiave: '00000000-0000-4000-8000-000000000000', motivo: 'forged' });
  expect(forged.statusCode).toBe(403);

  await support.get(path);
  const noCsrf = await support.post(
    path,
    { chiave: keyOf(support.lastBody), motivo: 'senza token' },
    { withCsrf: false },
  );
  expect(noCsrf.statusCode).toBe(403);
}
