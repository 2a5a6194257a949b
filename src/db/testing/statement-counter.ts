import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

/**
 * Test support: counts the statements run through a Kysely instance (`db.withPlugin(counter)`), by kind, so that a
 * test can pin how many one page or one payment costs and a change that adds a query fails it (issue 14).
 */
export class StatementCounter implements KyselyPlugin {
  private counts = new Map<string, number>();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const kind = args.node.kind.replace(/QueryNode$|Node$/, '').toLowerCase();
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }

  reset(): void {
    this.counts.clear();
  }

  /** Every statement since the last reset. */
  get total(): number {
    return [...this.counts.values()].reduce((sum, n) => sum + n, 0);
  }

  /** Statements of each kind (`select`, `insert`, `update`, `delete`, `raw`) since the last reset. */
  byKind(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }
}
