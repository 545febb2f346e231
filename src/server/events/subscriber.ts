import type { Executor } from "@/server/db/client";

import type { DomainEvent, DomainEventType } from "./types";

/**
 * A reaction to domain events. `inTransaction` runs inside the transaction that recorded the event,
 * so what it writes (a webhook delivery, an outbox row for a workflow) commits with the change or
 * not at all: a crash right after the commit loses nothing, and it runs once per event. `afterCommit`
 * runs once the transaction committed, off the caller's path, for what is a courtesy (a realtime
 * push) or only makes the durable part happen sooner (waking the outbox); it is not retried.
 */
export interface Subscriber {
  name: string;
  events: readonly DomainEventType[];
  inTransaction?: (tx: Executor, event: DomainEvent) => Promise<void>;
  afterCommit?: (event: DomainEvent) => Promise<void> | void;
}
