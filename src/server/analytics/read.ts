import type { Transaction } from "@/server/db/client";
import { withOrgRead } from "@/server/db/replica";

import { refreshRollups } from "./rollups";

/**
 * Where analytics read: the read replica when one is configured and fit, else the primary
 * (src/server/db/replica.ts). The rollups take in the newest rows first; that is a write, so on the
 * replica path it runs on the primary before the read, and on the primary path the figure does it
 * in its own transaction (metrics.ts `compared`).
 */
export function readAnalytics<T>(organizationId: string, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  return withOrgRead(organizationId, fn, { onPrimaryFirst: (tx) => refreshRollups(tx, organizationId) });
}
