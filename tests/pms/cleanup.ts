import { inArray } from "drizzle-orm";

import { db } from "@/server/db/client";
import { pmsConnection } from "@/server/db/schema";

/**
 * Marks every PMS connection of these organizations disconnected. Test files call it when they end:
 * their fakes are gone, and a later process on the same database (the e2e server in CI, with another
 * DATA_DIR and so another encryption key) must not keep trying to sync them.
 */
export async function disconnectPmsOf(organizationIds: (string | undefined)[]) {
  const ids = organizationIds.filter((x): x is string => Boolean(x));
  if (ids.length === 0) return;
  await db
    .update(pmsConnection)
    .set({ status: "disconnected", disconnectedAt: new Date() })
    .where(inArray(pmsConnection.organizationId, ids));
}
