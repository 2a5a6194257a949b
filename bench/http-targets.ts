import Fastify, { type FastifyInstance } from 'fastify';
import {
  type CompiledQuery,
  createQueryId,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
} from 'kysely';
import { HttpSession } from '../e2e/support/http-session.ts';
import { startTestSystem } from '../e2e/support/system.ts';
import type { DatabaseKind } from '../src/db/database.ts';
import type { MerchantDatabase } from '../src/db/schema.ts';
import { createScratchPostgresDatabase } from '../src/db/test-databases.ts';
import { openTestArea } from '../src/merchant/area/test-area.ts';
import { DEMO_MARIO, DEMO_PASSWORD } from '../src/merchant/demo/demo-data.ts';
import { TestClient } from '../src/merchant/web/test-client.ts';

/**
 * What the `http` and `latency` benchmarks load, in this process: a bare Fastify app answering "hello" (the floor:
 * the same Node, the same loopback), and the whole product as `npm start` runs it (e2e/support/system.ts: the
 * embedded database in its thread, or PostgreSQL) with Mario signed in — Area Clienti's /healthz, his home page and
 * one of his service pages — plus the statements his home page runs, recorded from one request (on a copy of the
 * same demo data, through a Kysely plugin), to replay in a tight loop through Kysely on the product's database.
 */
export interface HttpTargets {
  urls: { hello: string; healthz: string; home: string; service: string };
  /** Mario's session cookie, for the signed-in pages. */
  cookie: string;
  /** The home page's statements, compiled, in the order it ran them. */
  homeStatements: readonly CompiledQuery[];
  db: Kysely<MerchantDatabase>;
  close(): Promise<void>;
}

export async function openHttpTargets(kind: DatabaseKind): Promise<HttpTargets> {
  const homeStatements = await recordHomeStatements(kind);
  const scratch =
    kind === 'postgres'
      ? await createScratchPostgresDatabase(process.env.TEST_DATABASE_URL as string, 'cassa_bench_http')
      : null;
  const hello = Fastify();
  hello.get('/', async () => 'hello');
  const system = await startTestSystem(scratch ? { env: { DATABASE_URL: scratch.url } } : {});
  const close = async () => {
    await hello.close();
    await system.stop();
    await scratch?.drop();
  };
  try {
    const areaUrl = system.urls.area;
    const helloUrl = await listen(hello);
    const mario = new HttpSession();
    await mario.logIn(areaUrl, DEMO_MARIO.email, DEMO_PASSWORD);
    const home = await mario.get(`${areaUrl}/`);
    const serviceId = /\/services\/(\d+)/.exec(home.body)?.[1];
    if (home.status !== 200 || !serviceId) throw new Error(`Mario's home page answered ${home.status}`);
    return {
      urls: {
        hello: `${helloUrl}/`,
        healthz: `${areaUrl}/healthz`,
        home: `${areaUrl}/`,
        service: `${areaUrl}/services/${serviceId}`,
      },
      cookie: mario.cookieHeader(areaUrl),
      homeStatements,
      db: system.merchantDb,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The statements of Mario's second home page (the first warms caches), on a demo database of its own. */
async function recordHomeStatements(kind: DatabaseKind): Promise<CompiledQuery[]> {
  const recorder = new StatementRecorder();
  const area = await openTestArea(kind, { plugins: [recorder] });
  try {
    const mario = new TestClient(area.app);
    await mario.logIn(DEMO_MARIO.email, DEMO_PASSWORD);
    await mario.get('/');
    recorder.start();
    await mario.get('/');
    return recorder.stop().map((node) => area.db.getExecutor().compileQuery(node, createQueryId()));
  } finally {
    await area.close();
  }
}

/** Runs the recorded statements of one home page, one after another, for `ms`; pages per second. */
export async function homeStatementsPerSecond(targets: HttpTargets, ms: number): Promise<number> {
  const until = performance.now() + ms;
  let pages = 0;
  while (performance.now() < until) {
    for (const statement of targets.homeStatements) await targets.db.executeQuery(statement);
    pages++;
  }
  return pages / (ms / 1000);
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address !== 'object') throw new Error('not listening on TCP');
  return `http://127.0.0.1:${address.port}`;
}

/** Keeps the operation nodes of the statements run while started. */
class StatementRecorder implements KyselyPlugin {
  private recording: PluginTransformQueryArgs['node'][] | undefined;
  start(): void {
    this.recording = [];
  }
  stop(): PluginTransformQueryArgs['node'][] {
    const nodes = this.recording ?? [];
    this.recording = undefined;
    return nodes;
  }
  transformQuery(args: PluginTransformQueryArgs): PluginTransformQueryArgs['node'] {
    this.recording?.push(args.node);
    return args.node;
  }
  async transformResult<T>(args: { result: T }): Promise<T> {
    return args.result;
  }
}
