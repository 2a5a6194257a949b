import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { PoolUsage } from '../db/pglite-dialect.ts';
import type { MerchantDatabase } from '../db/schema.ts';
import type { Clock } from '../shared/clock.ts';
import { registerDatabaseGauges } from './database-gauges.ts';

/** The route label of a request that matched no route: its raw URL would make a series per scanner's guess. */
export const UNMATCHED_ROUTE = 'unmatched';

export interface Metrics {
  /** This process's registry (not prom-client's global one, so each test system has its own). */
  registry: Registry;
  /** Times every request the app answers, labelled by `app`, route pattern, method and status. */
  observeRequests(app: FastifyInstance, appName: string): void;
}

export interface MetricsDeps {
  logger: Logger;
  /** The merchant database: its pool and the business gauges (a process running only the inbox has none). */
  database?: {
    db: Kysely<MerchantDatabase>;
    clock: Clock;
    poolUsage(): PoolUsage;
  };
}

/**
 * The process's metrics (docs/observability.md): Node's own (event-loop lag, memory, GC, under their usual
 * `nodejs_`/`process_` names, so stock dashboards work), request durations, the merchant database's pool, and the
 * business gauges read from the database at scrape time.
 */
export function createMetrics(deps: MetricsDeps): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const duration = new Histogram({
    name: 'cassa_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by app, route pattern, method and status.',
    labelNames: ['app', 'route', 'method', 'status'],
    registers: [registry],
  });

  if (deps.database) registerMerchantDatabaseMetrics(registry, { ...deps.database, logger: deps.logger });

  return {
    registry,
    observeRequests(app, appName) {
      app.addHook('onResponse', async (request, reply) => {
        duration.observe(
          {
            app: appName,
            route: request.routeOptions.url ?? UNMATCHED_ROUTE,
            method: request.method,
            status: String(reply.statusCode),
          },
          reply.elapsedTime / 1000,
        );
      });
    },
  };
}

function registerMerchantDatabaseMetrics(
  registry: Registry,
  deps: NonNullable<MetricsDeps['database']> & { logger: Logger },
): void {
  new Gauge({
    name: 'cassa_db_pool_in_use',
    help: 'Merchant database connections in use (PGlite: its one session, 0 or 1).',
    registers: [registry],
    collect() {
      this.set(deps.poolUsage().inUse);
    },
  });
  new Gauge({
    name: 'cassa_db_pool_waiting',
    help: 'Queries and transactions waiting for a merchant database connection.',
    registers: [registry],
    collect() {
      this.set(deps.poolUsage().waiting);
    },
  });

  // Registered after the gauges: the registry asks its metrics in that order, so by the time this counter is asked,
  // every read of the scrape has started, and it waits for them to count a failure in the same scrape.
  const scrapeErrors = new Counter({
    name: 'cassa_metrics_scrape_errors_total',
    help: 'Database reads that failed during a scrape, by source; their gauges were left out of that scrape.',
    labelNames: ['source'],
    registers: [],
    async collect() {
      await gauges.settled();
    },
  });
  const gauges = registerDatabaseGauges({
    db: deps.db,
    clock: deps.clock,
    logger: deps.logger,
    registry,
    scrapeErrors,
  });
  registry.registerMetric(scrapeErrors);
}
