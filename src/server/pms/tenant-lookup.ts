import { and, asc, eq } from "drizzle-orm";

import { env } from "@/env";
import type { Executor } from "@/server/db/client";
import { PMS_PROVIDER_NAMES, pmsConnection } from "@/server/db/schema";
import { adapterFor } from "@/server/integrations/pms";
import { PmsError, type PmsTenantAccount } from "@/server/integrations/pms/types";
import { log } from "@/server/log";

/**
 * An existing tenant, looked up in the PMS by phone (issue 15, "Existing tenants"): the PMS holds
 * their units, balance and (where it exposes it) gate code, so a verified caller's account questions
 * are answered from there rather than from our local rentals. Only after the caller is verified
 * (the agent's get_account checks that first). The lookup has the booking's budget, since a voice
 * turn waits for it; a PMS that is slow, down or unreadable leaves the answer to our own rows.
 */
export type PmsTenantLookup =
  | { status: "no_pms" }
  /**
   * `gateCodesShared`: the operator lets the agent give this PMS's gate codes (the connection's
   * switch, off by default). When off, `account.gateCode` is always null: the code the PMS sent never
   * leaves this function.
   */
  | { status: "found"; provider: string; account: PmsTenantAccount; gateCodesShared: boolean }
  | { status: "not_found"; provider: string }
  | { status: "unavailable"; provider: string; reason: string };

export async function findPmsTenant(
  tx: Executor,
  organizationId: string,
  phone: string,
  budgetMs = env.PMS_BOOKING_BUDGET_MS,
): Promise<PmsTenantLookup> {
  const connections = await tx
    .select()
    .from(pmsConnection)
    .where(and(eq(pmsConnection.organizationId, organizationId), eq(pmsConnection.status, "active")))
    .orderBy(asc(pmsConnection.createdAt));
  if (connections.length === 0) return { status: "no_pms" };
  // One budget for the whole lookup, however many connections (and storEDGE facilities) it asks.
  const deadline = Date.now() + budgetMs;
  let last: PmsTenantLookup = { status: "no_pms" };
  for (const conn of connections) {
    const provider = PMS_PROVIDER_NAMES[conn.provider];
    try {
      const account = await adapterFor(conn, { budgetMs: deadline - Date.now() }).findTenantByPhone(phone);
      if (account) {
        const gateCodesShared = conn.settings.shareGateCodes === true;
        return {
          status: "found",
          provider,
          account: gateCodesShared ? account : { ...account, gateCode: null },
          gateCodesShared,
        };
      }
      last = { status: "not_found", provider };
    } catch (err) {
      if (!(err instanceof PmsError)) throw err;
      // Never the phone or the PMS's answer in the log: the kind is enough to see a pattern.
      log.warn({ organizationId, connectionId: conn.id, kind: err.kind }, "PMS tenant lookup failed");
      if (last.status !== "not_found") last = { status: "unavailable", provider, reason: err.kind };
    }
  }
  return last;
}
