import { randomUUID } from "node:crypto";

import { and, eq, sql } from "drizzle-orm";

import { fireAlert } from "@/server/alerts/fire";
import { db, withOrg } from "@/server/db/client";
import { PMS_PROVIDER_NAMES, pmsConnection, pmsSyncRun } from "@/server/db/schema";
import { adapterFor } from "@/server/integrations/pms";
import { describePmsError, PmsError } from "@/server/integrations/pms/types";
import { log } from "@/server/log";
import { recordPmsSync } from "@/server/observability/metrics";

import { applyInventory, type ApplyResult } from "./apply-inventory";

/**
 * One sync of one connection: take the connection's lease (so two processes, or a webhook and the
 * sweep, never sync it at once), record a run, pull from the PMS, apply in one transaction, and
 * record the outcome on the connection (last success, or the failure and since when).
 *
 * Incremental runs ask the PMS only for what changed since the last success where it can say (Stora's
 * `updated_from`, two minutes of overlap for clock skew); storEDGE has no such filter, so its
 * incremental run reads the units and the content hashes make it cheap. Only full runs retire rows
 * the PMS no longer lists, since an incremental answer is partial by design.
 */
export type SyncKind = "full" | "incremental" | "webhook";
export type SyncOutcome =
  | { status: "skipped"; reason: "leased" | "inactive" }
  | { status: "succeeded"; runId: string; result: ApplyResult; durationMs: number }
  | { status: "failed"; runId: string; error: string; durationMs: number };

const LEASE_MS = 10 * 60_000;
const SKEW_MS = 2 * 60_000;

/** Takes the lease if it is free or lapsed; null when another sync holds it or the connection is not active. */
async function takeLease(connectionId: string, holder: string) {
  const [row] = await db
    .update(pmsConnection)
    .set({ syncLeaseUntil: sql`now() + ${`${LEASE_MS} milliseconds`}::interval`, syncLeaseHolder: holder })
    .where(
      and(
        eq(pmsConnection.id, connectionId),
        eq(pmsConnection.status, "active"),
        sql`(${pmsConnection.syncLeaseUntil} is null or ${pmsConnection.syncLeaseUntil} < now())`,
      ),
    )
    .returning();
  return row ?? null;
}

export async function syncConnection(
  connectionId: string,
  opts: { kind: SyncKind; holder?: string } = { kind: "incremental" },
): Promise<SyncOutcome> {
  const holder = opts.holder ?? randomUUID();
  const conn = await takeLease(connectionId, holder);
  if (!conn) {
    const [row] = await db
      .select({ status: pmsConnection.status })
      .from(pmsConnection)
      .where(eq(pmsConnection.id, connectionId));
    return { status: "skipped", reason: row?.status === "active" ? "leased" : "inactive" };
  }
  const orgId = conn.organizationId;
  const started = Date.now();
  const full = opts.kind === "full";
  const [run] = await withOrg(orgId, (tx) =>
    tx
      .insert(pmsSyncRun)
      .values({ organizationId: orgId, connectionId, kind: opts.kind })
      .returning({ id: pmsSyncRun.id }),
  );
  const runId = run!.id;
  try {
    const since = !full && conn.lastSuccessAt ? new Date(conn.lastSuccessAt.getTime() - SKEW_MS) : null;
    const inventory = await adapterFor(conn).pullInventory({ updatedSince: since });
    const result = await withOrg(orgId, async (tx) => {
      const applied = await applyInventory(tx, orgId, conn, inventory, { full });
      await tx
        .update(pmsSyncRun)
        .set({ status: "succeeded", pulled: applied.pulled, changed: applied.changed, finishedAt: new Date() })
        .where(and(eq(pmsSyncRun.organizationId, orgId), eq(pmsSyncRun.id, runId)));
      return applied;
    });
    const now = new Date();
    await db
      .update(pmsConnection)
      .set({
        lastSyncAt: now,
        lastSuccessAt: now,
        ...(full ? { lastFullSyncAt: now } : {}),
        failingSince: null,
        lastError: null,
        alertedAt: null,
        syncLeaseUntil: null,
        syncLeaseHolder: null,
      })
      .where(and(eq(pmsConnection.id, connectionId), eq(pmsConnection.syncLeaseHolder, holder)));
    const durationMs = Date.now() - started;
    recordPmsSync(conn.provider, "succeeded", durationMs);
    return { status: "succeeded", runId, result, durationMs };
  } catch (err) {
    const message =
      err instanceof PmsError
        ? describePmsError(PMS_PROVIDER_NAMES[conn.provider], err)
        : "The sync failed unexpectedly.";
    const detail = err instanceof PmsError ? (err.pmsMessage ?? err.message) : String(err);
    if (!(err instanceof PmsError)) log.error({ err: String(err), connectionId }, "PMS sync failed");
    else if (err.kind === "credentials") log.warn({ connectionId }, "PMS credentials unreadable; sync paused");
    const error = detail && detail !== message ? `${message} (${detail})` : message;
    await withOrg(orgId, (tx) =>
      tx
        .update(pmsSyncRun)
        .set({ status: "failed", error, finishedAt: new Date() })
        .where(and(eq(pmsSyncRun.organizationId, orgId), eq(pmsSyncRun.id, runId))),
    );
    // Credentials that no longer decrypt will fail every retry the same way: pause the connection
    // (the sweep skips it) and tell the operator once, instead of failing every few minutes forever.
    const unreadable = err instanceof PmsError && err.kind === "credentials";
    await db
      .update(pmsConnection)
      .set({
        lastSyncAt: new Date(),
        failingSince: sql`coalesce(${pmsConnection.failingSince}, now())`,
        lastError: error,
        syncLeaseUntil: null,
        syncLeaseHolder: null,
        ...(unreadable ? { status: "needs_credentials" as const } : {}),
      })
      .where(and(eq(pmsConnection.id, connectionId), eq(pmsConnection.syncLeaseHolder, holder)));
    if (unreadable) await alertUnreadableCredentials(conn, error);
    const durationMs = Date.now() - started;
    recordPmsSync(conn.provider, "failed", durationMs);
    return { status: "failed", runId, error, durationMs };
  }
}

/** The operator must act (re-enter the credentials): one alert per connection and key change. */
async function alertUnreadableCredentials(conn: typeof pmsConnection.$inferSelect, error: string) {
  const name = PMS_PROVIDER_NAMES[conn.provider];
  await fireAlert({
    organizationId: conn.organizationId,
    kind: "pms_failing",
    dedupeKey: `pms-credentials:${conn.id}:${conn.credentialsEncrypted.slice(0, 16)}`,
    subject: `${name} sync is paused: enter the credentials again`,
    body: `${error} Until then prices and availability are not updated from ${name}, and bookings are held here as pending.`,
    path: "settings/integrations",
  }).catch((e: unknown) => log.error({ err: String(e) }, "PMS credentials alert failed"));
}

/**
 * Which connections the sweep should sync now, and how: a full reconciliation once a day, otherwise
 * an incremental pull every few minutes (storEDGE has no webhooks, so this is its only news; Stora's
 * webhooks bring news at once, so it is polled less). A failing connection backs off: it waits as
 * long again as it has been failing (1 minute to 1 hour) before the next try.
 */
export const POLL_MINUTES = { storedge: 5, stora: 15 } as const;
export const FULL_SYNC_HOURS = 24;

export function dueSync(
  c: {
    provider: "storedge" | "stora";
    lastSyncAt: Date | null;
    lastFullSyncAt: Date | null;
    failingSince: Date | null;
  },
  now = Date.now(),
): SyncKind | null {
  const since = (d: Date | null) => (d ? now - d.getTime() : Infinity);
  if (c.failingSince && c.lastSyncAt) {
    const backoff = Math.min(60 * 60_000, Math.max(60_000, c.lastSyncAt.getTime() - c.failingSince.getTime()));
    if (since(c.lastSyncAt) < backoff) return null;
  }
  if (since(c.lastFullSyncAt) >= FULL_SYNC_HOURS * 3_600_000) return "full";
  if (since(c.lastSyncAt) >= POLL_MINUTES[c.provider] * 60_000) return "incremental";
  return null;
}

export async function connectionsDue(now = Date.now()) {
  const rows = await db
    .select({
      id: pmsConnection.id,
      organizationId: pmsConnection.organizationId,
      provider: pmsConnection.provider,
      lastSyncAt: pmsConnection.lastSyncAt,
      lastFullSyncAt: pmsConnection.lastFullSyncAt,
      failingSince: pmsConnection.failingSince,
      alertedAt: pmsConnection.alertedAt,
      lastError: pmsConnection.lastError,
    })
    .from(pmsConnection)
    .where(eq(pmsConnection.status, "active"));
  return rows.map((r) => ({ ...r, due: dueSync(r, now) }));
}
