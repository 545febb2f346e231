import { DBOS } from "@dbos-inc/dbos-sdk";
import { and, eq, isNull } from "drizzle-orm";

import { fireAlert } from "@/server/alerts/fire";
import { getAlertSettings } from "@/server/alerts/settings";
import { db, withOrg } from "@/server/db/client";
import { PMS_PROVIDER_NAMES, pmsConnection } from "@/server/db/schema";
import { log } from "@/server/log";
import { connectionsDue, syncConnection, type SyncKind } from "@/server/pms/sync";

import { WORKFLOWS } from "../names";

/**
 * PMS sync as durable workflows (docs/integrations.md). `pmsSync` syncs one connection (Sync now, a
 * Stora webhook); `pmsSyncSweep` runs every minute and syncs each connection that is due (an
 * incremental poll every few minutes, a full reconciliation daily, backing off while it fails), and
 * raises the "PMS failing" alert for a connection that has failed longer than the organization's
 * threshold. The lease in syncConnection keeps one sync per connection across processes, so a
 * sweep and a webhook arriving together do not both pull.
 */
export interface PmsSyncInput {
  organizationId: string;
  connectionId: string;
  kind: SyncKind;
}

async function pmsSyncWorkflow(input: PmsSyncInput) {
  const outcome = await DBOS.runStep(() => syncConnection(input.connectionId, { kind: input.kind }), {
    name: "sync",
  });
  // Leased by a sync already running: that one may have read the PMS before the news this run was
  // started for, so look once more shortly after it ends.
  if (outcome.status === "skipped" && outcome.reason === "leased") {
    await DBOS.sleep(30_000);
    return DBOS.runStep(() => syncConnection(input.connectionId, { kind: input.kind }), { name: "sync-again" });
  }
  return outcome;
}

export const pmsSync = DBOS.registerWorkflow(pmsSyncWorkflow, { name: WORKFLOWS.pmsSync });

/** Raises the alert once per run of failures (alertedAt), when it has lasted past the threshold. */
export async function alertFailingConnection(c: {
  id: string;
  organizationId: string;
  provider: "storedge" | "stora";
  failingSince: Date | null;
  alertedAt: Date | null;
  lastError: string | null;
}) {
  if (!c.failingSince || c.alertedAt) return false;
  const settings = await withOrg(c.organizationId, (tx) => getAlertSettings(tx, c.organizationId));
  const minutes = settings.rules.pms_failing?.threshold ?? 30;
  if (Date.now() - c.failingSince.getTime() < minutes * 60_000) return false;
  const name = PMS_PROVIDER_NAMES[c.provider];
  const result = await fireAlert(
    {
      organizationId: c.organizationId,
      kind: "pms_failing",
      dedupeKey: `pms-failing:${c.id}:${c.failingSince.toISOString()}`,
      subject: `${name} has not synced for ${minutes} minutes`,
      body: `Storage Agent could not sync with ${name} since ${c.failingSince.toISOString()}. Last error: ${c.lastError ?? "unknown"}. Prices and availability may be out of date until it recovers; see Settings > Integrations.`,
      path: "settings/integrations",
    },
    settings,
  );
  await db
    .update(pmsConnection)
    .set({ alertedAt: new Date() })
    .where(and(eq(pmsConnection.id, c.id), isNull(pmsConnection.alertedAt)));
  return result.fired;
}

async function pmsSyncSweepWorkflow(_scheduledAt: Date, _context: unknown) {
  const due = await DBOS.runStep(() => connectionsDue(), { name: "due" });
  for (const c of due) {
    if (c.due) {
      const outcome = await DBOS.runStep(() => syncConnection(c.id, { kind: c.due! }), { name: `sync:${c.id}` });
      if (outcome.status === "failed") log.warn({ connectionId: c.id, error: outcome.error }, "PMS sync failed");
    }
  }
  const after = await DBOS.runStep(() => connectionsDue(), { name: "failing" });
  for (const c of after.filter((x) => x.failingSince && !x.alertedAt))
    await DBOS.runStep(() => alertFailingConnection(c), { name: `alert:${c.id}` });
}

export const pmsSyncSweep = DBOS.registerWorkflow(pmsSyncSweepWorkflow, { name: WORKFLOWS.pmsSyncSweep });
