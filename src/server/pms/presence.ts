import { and, eq, inArray } from "drizzle-orm";

import { transactionKey, type Executor } from "@/server/db/client";
import { configVersionOf, OrgConfigCache } from "@/server/db/org-config-cache";
import { PMS_LIVE_STATUSES, pmsConnection } from "@/server/db/schema";

/**
 * Whether an organization has a live PMS connection (active or waiting for credentials): the PMS
 * subscriber asks on every lead and reservation event, and createReservation on every booking.
 * Most organizations have none, and they should pay nothing for the integration: in an agent turn
 * the organization's config version is known (read with the conversation lock) and the answer comes
 * from a cache that connecting, disconnecting, pausing or linking a facility invalidates (triggers on
 * pms_connection and pms_facility_map bump the version, migration 0046). Elsewhere (the dashboard,
 * the public API) it is one indexed read of pms_connection.
 */
const cache = new OrgConfigCache();

async function read(tx: Executor, organizationId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: pmsConnection.id })
    .from(pmsConnection)
    .where(and(eq(pmsConnection.organizationId, organizationId), inArray(pmsConnection.status, PMS_LIVE_STATUSES)))
    .limit(1);
  return Boolean(row);
}

/** Asked once per transaction: createReservation and the PMS subscriber ask for the same booking. */
const perTransaction = new WeakMap<object, Map<string, Promise<boolean>>>();

export function hasLivePms(tx: Executor, organizationId: string): Promise<boolean> {
  const key = transactionKey(tx);
  let memo = perTransaction.get(key);
  if (!memo) perTransaction.set(key, (memo = new Map()));
  const known = memo.get(organizationId);
  if (known) return known;
  const version = configVersionOf(tx, organizationId);
  const answer = version
    ? cache.get(organizationId, "pms-live", version, () => read(tx, organizationId))
    : read(tx, organizationId);
  memo.set(organizationId, answer);
  return answer;
}
