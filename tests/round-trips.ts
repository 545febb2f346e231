/**
 * Statements and round trips the app sends, counted per async context (a turn, a request): figures
 * a busy machine cannot inflate. Every statement goes through pg's Client.query, wrapped here (and
 * still called). A statement written while another is in flight on the same connection (the pool's
 * pipeline mode: withOrg's BEGIN and the transaction's first statement) rides in that round trip
 * and adds no wait of its own, so it counts as a statement but not as a round trip.
 *
 * Import this before the app opens its first connection (the statement cache binds Client.query
 * per connection when it connects).
 */
import { AsyncLocalStorage } from "node:async_hooks";

import pg from "pg";

export interface Sent {
  statements: number;
  roundTrips: number;
}

export const sentIn = new AsyncLocalStorage<Sent>();

interface ClientQueues {
  pipeline?: boolean;
  _activeQuery: unknown;
  _sentQueryQueue?: unknown[];
  _queryQueue: unknown[];
}

/**
 * Whether a query written on `client` now goes out behind one still awaiting its answer. Only in
 * pipeline mode: without it pg queues the query and writes it once the one before has been answered
 * (and warns that this is deprecated), so it waits a round trip of its own.
 */
export function pipelinedNow(client: unknown): boolean {
  const c = client as ClientQueues;
  if (!c.pipeline) return false;
  return Boolean(c._activeQuery) || (c._sentQueryQueue?.length ?? 0) > 0 || c._queryQueue.length > 0;
}

const clientQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (
  this: pg.Client,
  ...args: unknown[]
) {
  const sent = sentIn.getStore();
  if (sent) {
    sent.statements++;
    if (!pipelinedNow(this)) sent.roundTrips++;
  }
  return clientQuery.apply(this, args);
};
