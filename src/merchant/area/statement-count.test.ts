import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/test-databases.ts';
import { StatementCounter } from '../../db/testing/statement-counter.ts';
import { DEMO_MARIO, DEMO_PASSWORD } from '../demo/demo-data.ts';
import { TestClient } from '../web/test-client.ts';
import { openTestArea, type TestArea } from './test-area.ts';

/**
 * What one logged-in home page costs in statements, pinned: a change that adds a query to it fails here, and one
 * that removes some updates the number (issue 14 aims at far fewer). Counted by a Kysely plugin on the app's
 * database, the same on both engines; transactions' BEGIN/COMMIT are the driver's and not counted.
 */
describe.each(testDatabaseKinds())('statements per page on %s', (kind) => {
  const counter = new StatementCounter();
  let area: TestArea;
  let mario: TestClient;
  beforeAll(async () => {
    area = await openTestArea(kind, { plugins: [counter] });
    mario = new TestClient(area.app);
    expect((await mario.logIn(DEMO_MARIO.email, DEMO_PASSWORD)).statusCode).toBe(303);
  });
  afterAll(async () => {
    await area?.close();
  });

  it('the logged-in home page (Mario: four services)', async () => {
    await mario.get('/');
    counter.reset();
    const page = await mario.get('/');
    expect(page.statusCode).toBe(200);
    expect({ total: counter.total, ...counter.byKind() }).toEqual(HOME_PAGE_STATEMENTS);
  });
});

/** The session and its customer are one statement (web/session-repository.ts), then the page's own reads. */
const HOME_PAGE_STATEMENTS = { total: 5, select: 5 };
