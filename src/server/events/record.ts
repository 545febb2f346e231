import { onCommit, type Executor } from "@/server/db/client";

import type { Subscriber } from "./subscriber";
import type { DomainEvent } from "./types";

/**
 * Records a domain event in the caller's transaction: every subscriber to its type runs its
 * in-transaction part now, in order, and its after-commit part once `tx` commits (./subscriber.ts).
 * A subscriber that throws in the transaction rolls the change back, as any other write in it would.
 *
 * The subscribers (webhooks, realtime, alerts, workflows) sit above the domain in the layer order
 * (ARCHITECTURE.md), so the domain never imports them: the list is loaded here at run time, once,
 * from ./subscribers.ts, the one place that names them.
 */
let subscribers: Promise<readonly Subscriber[]> | null = null;
// eslint-disable-next-line import/no-restricted-paths -- the one sanctioned upward reference, loaded at run time (above)
const load = () => (subscribers ??= import("./subscribers").then((m) => m.SUBSCRIBERS));

export async function recordEvent(tx: Executor, event: DomainEvent): Promise<void> {
  for (const subscriber of await load()) {
    if (!subscriber.events.includes(event.type)) continue;
    if (subscriber.inTransaction) await subscriber.inTransaction(tx, event);
    const after = subscriber.afterCommit;
    if (after) onCommit(tx, () => after(event));
  }
}
