import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testDatabaseKinds } from '../../../db/test-databases.ts';
import { ACTION_ROLES } from '../../operators/operator-roles.ts';
import type { TestClient } from '../../web/test-client.ts';
import { openTestBackoffice, type TestBackoffice } from '../testing/test-backoffice.ts';
import { BACKOFFICE_ACTIONS } from './actions-routes.ts';

/** A path of the action with every parameter filled in: the refusals below come before any object is looked up. */
const pathOf = (path: string) => path.replace(/:[a-z]+/g, '1');
const FORM = { chiave: '00000000-0000-4000-8000-000000000000', motivo: 'forged', importo: '1,00', ruolo: 'admin' };

/**
 * Every registered action, whatever it does: none without the CSRF token, none by a role the table does not allow,
 * none by GET (a GET only shows its confirmation). A new action is covered the moment it is registered.
 */
describe.each(testDatabaseKinds())('every operator action (%s)', (kind) => {
  let bo: TestBackoffice;
  let admin: TestClient;
  let viewer: TestClient;
  beforeAll(async () => {
    bo = await openTestBackoffice(kind);
    admin = (await bo.signIn('admin')).client;
    viewer = (await bo.signIn('viewer')).client;
  });
  afterAll(async () => {
    await bo?.close();
  });

  test('there are actions, and each has a role in the table that is not "read"', () => {
    expect(BACKOFFICE_ACTIONS.length).toBeGreaterThanOrEqual(11);
    for (const action of BACKOFFICE_ACTIONS) {
      expect(Object.hasOwn(ACTION_ROLES, action.action), action.path).toBe(true);
      expect(action.action, action.path).not.toBe('read');
    }
  });

  test.each(BACKOFFICE_ACTIONS.map((a) => [a.path, a] as const))(
    '%s: no CSRF token → 403, for an admin too',
    async (_path, action) => {
      await admin.get('/');
      const response = await admin.post(pathOf(action.path), FORM, { withCsrf: false });
      expect(response.statusCode).toBe(403);
    },
  );

  test.each(BACKOFFICE_ACTIONS.map((a) => [a.path, a] as const))(
    '%s: a viewer is refused (403), on GET and on POST',
    async (_path, action) => {
      expect((await viewer.get(pathOf(action.path))).statusCode).toBe(403);
      await viewer.get('/');
      expect((await viewer.post(pathOf(action.path), FORM)).statusCode).toBe(403);
    },
  );

  test('nothing was written to the audit log by any of it', async () => {
    expect(await bo.db.selectFrom('audit_log').select('id').where('reason', '=', 'forged').execute()).toEqual([]);
  });
});
