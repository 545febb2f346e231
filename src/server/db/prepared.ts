import type { SQL } from "drizzle-orm";

import type { Executor } from "./client";

/**
 * A statement on a hot path (an agent turn's), built by drizzle once per connection and from then on
 * only executed. Drizzle turns a query builder into SQL text on every call, 0.1–0.4 ms of JavaScript
 * for a select over a wide table, which is more than Postgres needs to run it; a prepared query keeps
 * the text with `sql.placeholder(...)` slots and fills them per call. The name is also the server-side
 * prepared statement's, so Postgres parses and plans it once per connection too.
 *
 * `build` must depend on nothing but `ex` (every value goes in through a placeholder) and give the
 * query `name` (`.prepare(name)`, `rawPrepared(ex, statement, name)`). Mind what
 * drizzle fills in by itself when it builds: an UPDATE sets every `$onUpdate` column (`updatedAt`)
 * to the function's value at build time, so a prepared update must set such columns itself
 * (`updatedAt: sql\`now()\``); likewise `$defaultFn` columns of an INSERT. withOrg hands
 * out one transaction object per pooled connection, so the cache lives as long as the connection.
 */
const cache = new WeakMap<object, Map<string, unknown>>();

export function prepared<Q>(ex: Executor, name: string, build: (ex: Executor, name: string) => Q): Q {
  let queries = cache.get(ex);
  if (!queries) {
    queries = new Map();
    cache.set(ex, queries);
  }
  let query = queries.get(name) as Q | undefined;
  if (query === undefined) {
    query = build(ex, name);
    queries.set(name, query);
  }
  return query;
}

/**
 * `ex.execute(statement)` as a prepared query, for a statement written with drizzle's `sql` (a CTE
 * over builders, say) rather than one builder: executing it resolves to pg's result ({ rows }).
 */
export interface RawPrepared {
  execute(values: Record<string, unknown>): Promise<unknown>;
}

export function rawPrepared(ex: Executor, statement: SQL, name: string): RawPrepared {
  // PgDatabase keeps its dialect and session on the instance (public in JS, @internal in its types).
  const { dialect, session } = ex as unknown as {
    dialect: { sqlToQuery(s: SQL): { sql: string; params: unknown[] } };
    session: {
      prepareQuery(
        q: { sql: string; params: unknown[] },
        fields: undefined,
        name: string,
        isArrayMode: boolean,
      ): RawPrepared;
    };
  };
  return session.prepareQuery(dialect.sqlToQuery(statement), undefined, name, false);
}
