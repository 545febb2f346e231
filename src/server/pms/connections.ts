import { randomBytes } from "node:crypto";

import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";

import { recordAudit } from "@/server/audit";
import type { Executor } from "@/server/db/client";
import {
  facility,
  PMS_PROVIDER_NAMES,
  pmsConnection,
  pmsFacilityMap,
  pmsLink,
  pmsSyncRun,
  pmsWriteBack,
  type PmsProvider,
} from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { DomainError, isUniqueViolation, notFound } from "@/server/domain/errors";
import { encryptSecret } from "@/server/auth/encryption";
import { buildAdapter, encryptCredentials, type StoredgeSecrets } from "@/server/integrations/pms";
import type { StoraCredentials } from "@/server/integrations/pms/stora/client";
import { describePmsError, PmsError } from "@/server/integrations/pms/types";
import { WORKFLOWS, workflowIds } from "@/server/jobs/names";
import { enqueueInTransaction } from "@/server/jobs/outbox";

/**
 * Connecting, testing, mapping and disconnecting an organization's PMS (Settings > Integrations).
 * Credentials go in once, encrypted at rest, and never come back out: the views below carry none.
 */
const trimmed = z.string().trim().min(1).max(500);

export const ZPmsCredentials = z.discriminatedUnion("provider", [
  z.object({
    provider: z.literal("storedge"),
    consumerKey: trimmed,
    consumerSecret: trimmed,
    facilityIds: z.array(z.string().trim().min(1).max(100)).min(1).max(200),
  }),
  z.object({
    provider: z.literal("stora"),
    accessToken: trimmed.optional(),
    clientId: trimmed.optional(),
    clientSecret: trimmed.optional(),
    /** The secret Stora shows when the webhook endpoint is created; optional until webhooks are set up. */
    webhookSecret: trimmed.optional(),
  }),
]);
export type PmsCredentialsInput = z.infer<typeof ZPmsCredentials>;

function secretsOf(input: PmsCredentialsInput): {
  secrets: StoredgeSecrets | StoraCredentials;
  facilityIds?: string[];
} {
  if (input.provider === "storedge")
    return {
      secrets: { consumerKey: input.consumerKey, consumerSecret: input.consumerSecret },
      facilityIds: [...new Set(input.facilityIds)],
    };
  if (input.accessToken) return { secrets: { kind: "access_token", accessToken: input.accessToken } };
  if (input.clientId && input.clientSecret)
    return { secrets: { kind: "client_credentials", clientId: input.clientId, clientSecret: input.clientSecret } };
  throw new DomainError("BAD_REQUEST", "Enter a Stora access token, or an OAuth client id and secret.");
}

/** How long "Test connection" waits for the PMS before saying it timed out. */
export const TEST_TIMEOUT_MS = 10_000;

export type ConnectionTestResult =
  | { ok: true; facilities: { externalId: string; name: string }[] }
  | { ok: false; reason: PmsError["kind"]; message: string };

/** Calls the PMS with the credentials (outside any transaction: never hold a DB transaction on a network call). */
export async function testPmsCredentials(input: PmsCredentialsInput): Promise<ConnectionTestResult> {
  const { secrets, facilityIds } = secretsOf(input);
  const adapter = buildAdapter(input.provider, secrets, { facilityIds }, { budgetMs: TEST_TIMEOUT_MS });
  try {
    const result = await adapter.testConnection();
    return { ok: true, facilities: result.facilities };
  } catch (err) {
    if (err instanceof PmsError)
      return { ok: false, reason: err.kind, message: describePmsError(PMS_PROVIDER_NAMES[input.provider], err) };
    throw err;
  }
}

export const ZConnectPms = z.object({
  credentials: ZPmsCredentials,
  /** PMS facility id → one of our facilities to link; the others are created by the first sync. */
  facilityLinks: z.record(z.string(), z.string().uuid()).default({}),
});
export type ConnectPmsInput = z.input<typeof ZConnectPms>;

/** Stores a tested connection. The caller ran testPmsCredentials first and refuses on failure. */
export async function connectPms(tx: Executor, organizationId: string, actor: Actor, raw: ConnectPmsInput) {
  const input = ZConnectPms.parse(raw);
  const { secrets, facilityIds } = secretsOf(input.credentials);
  const webhookSecret = input.credentials.provider === "stora" ? input.credentials.webhookSecret : undefined;
  const [paused] = await tx
    .select({ id: pmsConnection.id })
    .from(pmsConnection)
    .where(
      and(
        eq(pmsConnection.organizationId, organizationId),
        eq(pmsConnection.provider, input.credentials.provider),
        eq(pmsConnection.status, "needs_credentials"),
      ),
    );
  if (paused)
    throw new DomainError(
      "CONFLICT",
      `${PMS_PROVIDER_NAMES[input.credentials.provider]} is already connected and waiting for its credentials: enter them again on that connection.`,
    );
  let row: typeof pmsConnection.$inferSelect;
  try {
    [row] = (await tx.transaction((sp) =>
      sp
        .insert(pmsConnection)
        .values({
          organizationId,
          provider: input.credentials.provider,
          credentialsEncrypted: encryptCredentials(secrets),
          webhookSecretEncrypted: webhookSecret ? encryptSecret(webhookSecret) : null,
          webhookToken: randomBytes(18).toString("hex"),
          settings: facilityIds ? { facilityIds } : {},
          createdByUserId: actor.userId ?? null,
        })
        .returning(),
    )) as [typeof pmsConnection.$inferSelect];
  } catch (err) {
    if (isUniqueViolation(err))
      throw new DomainError("CONFLICT", `${PMS_PROVIDER_NAMES[input.credentials.provider]} is already connected.`);
    throw err;
  }
  for (const [externalId, facilityId] of Object.entries(input.facilityLinks))
    await linkFacility(tx, organizationId, actor, { connectionId: row.id, externalId, facilityId }, { audit: false });
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "pms.connected",
    targetType: "pms_connection",
    targetId: row.id,
    data: { provider: row.provider, facilityLinks: Object.keys(input.facilityLinks).length },
  });
  return connectionView(row);
}

export const ZLinkFacility = z.object({
  connectionId: z.string().uuid(),
  externalId: z.string().trim().min(1).max(100),
  facilityId: z.string().uuid(),
});

/** Maps a PMS facility onto an existing facility of ours: the next sync fills it from the PMS. */
export async function linkFacility(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  raw: z.input<typeof ZLinkFacility>,
  opts: { audit?: boolean } = {},
) {
  const input = ZLinkFacility.parse(raw);
  await requireConnection(tx, organizationId, input.connectionId);
  const [f] = await tx
    .select({ id: facility.id })
    .from(facility)
    .where(and(eq(facility.organizationId, organizationId), eq(facility.id, input.facilityId)));
  if (!f) throw notFound("Facility");
  const [before] = await tx
    .select({ facilityId: pmsFacilityMap.facilityId })
    .from(pmsFacilityMap)
    .where(
      and(
        eq(pmsFacilityMap.organizationId, organizationId),
        eq(pmsFacilityMap.connectionId, input.connectionId),
        eq(pmsFacilityMap.externalId, input.externalId),
      ),
    );
  try {
    await tx.transaction((sp) =>
      sp
        .insert(pmsFacilityMap)
        .values({ organizationId, ...input })
        .onConflictDoUpdate({
          target: [pmsFacilityMap.connectionId, pmsFacilityMap.externalId],
          set: { facilityId: input.facilityId },
        }),
    );
  } catch (err) {
    if (isUniqueViolation(err)) throw new DomainError("CONFLICT", "That facility is already linked to a PMS facility.");
    throw err;
  }
  const relinkedFrom = before && before.facilityId !== input.facilityId ? before.facilityId : null;
  const retired = relinkedFrom
    ? await releaseFacilityMirror(tx, organizationId, input.connectionId, input.externalId, relinkedFrom)
    : 0;
  if (opts.audit !== false)
    await recordAudit(tx, {
      organizationId,
      actor,
      action: "pms.facility_linked",
      targetType: "pms_connection",
      targetId: input.connectionId,
      data: {
        externalId: input.externalId,
        facilityId: input.facilityId,
        ...(relinkedFrom ? { previousFacilityId: relinkedFrom, retiredUnits: retired } : {}),
      },
    });
}

/**
 * A PMS facility linked to another facility of ours: the rows the sync mirrored into the previous
 * one stop being its mirror. Their links go (the next sync then adopts or creates the PMS's unit
 * types and units in the newly linked facility and writes its details, as for a first link), and
 * they leave sale like what a full sync no longer finds: units that were available become
 * unavailable (with their history row), unit types inactive, so the agent never offers a second,
 * unsynced copy of the PMS's units. Held units stay held; their reservations keep their PMS links,
 * so a cancellation still reaches the PMS. Never deleted. Returns the units taken out of sale.
 */
async function releaseFacilityMirror(
  tx: Executor,
  organizationId: string,
  connectionId: string,
  externalId: string,
  previousFacilityId: string,
) {
  const { rows } = await tx.execute<{ retired: number }>(sql`
    with unit_links as (
      delete from pms_link l using unit u
      where l.organization_id = ${organizationId} and l.connection_id = ${connectionId} and l.kind = 'unit'
        and u.organization_id = ${organizationId} and u.id = l.local_id and u.facility_id = ${previousFacilityId}
      returning l.local_id
    ), retired as (
      update unit set status = 'unavailable', updated_at = now()
      where organization_id = ${organizationId} and id in (select local_id from unit_links) and status = 'available'
      returning id
    ), history as (
      insert into unit_status_history (organization_id, unit_id, from_status, to_status, reason, actor_label)
      select ${organizationId}, id, 'available', 'unavailable', 'its PMS facility was linked to another facility', 'PMS link'
      from retired
    ), type_links as (
      delete from pms_link l using unit_type t
      where l.organization_id = ${organizationId} and l.connection_id = ${connectionId} and l.kind = 'unit_type'
        and t.organization_id = ${organizationId} and t.id = l.local_id and t.facility_id = ${previousFacilityId}
      returning l.local_id
    ), inactive as (
      update unit_type set active = false, updated_at = now()
      where organization_id = ${organizationId} and id in (select local_id from type_links)
    ), facility_link as (
      delete from pms_link
      where organization_id = ${organizationId} and connection_id = ${connectionId} and kind = 'facility'
        and external_id = ${externalId}
    )
    select (select count(*) from retired)::int as retired`);
  return rows[0]?.retired ?? 0;
}

export async function requireConnection(tx: Executor, organizationId: string, connectionId: string) {
  const [row] = await tx
    .select()
    .from(pmsConnection)
    .where(and(eq(pmsConnection.organizationId, organizationId), eq(pmsConnection.id, connectionId)));
  if (!row) throw notFound("PMS connection");
  return row;
}

export const ZUpdatePmsCredentials = z.object({ connectionId: z.string().uuid(), credentials: ZPmsCredentials });

/**
 * New credentials for a connection (rotated keys, or ones that no longer decrypt): stored encrypted
 * under the current key, and a paused connection is active again. The caller tested them first.
 */
export async function updatePmsCredentials(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  raw: z.input<typeof ZUpdatePmsCredentials>,
) {
  const input = ZUpdatePmsCredentials.parse(raw);
  const row = await requireConnection(tx, organizationId, input.connectionId);
  if (row.status === "disconnected")
    throw new DomainError("CONFLICT", "This connection was disconnected: connect again.");
  if (row.provider !== input.credentials.provider)
    throw new DomainError("BAD_REQUEST", `These are not ${PMS_PROVIDER_NAMES[row.provider]} credentials.`);
  const { secrets, facilityIds } = secretsOf(input.credentials);
  const webhookSecret = input.credentials.provider === "stora" ? input.credentials.webhookSecret : undefined;
  let updated: typeof pmsConnection.$inferSelect;
  try {
    [updated] = (await tx.transaction((sp) =>
      sp
        .update(pmsConnection)
        .set({
          status: "active",
          credentialsEncrypted: encryptCredentials(secrets),
          ...(webhookSecret ? { webhookSecretEncrypted: encryptSecret(webhookSecret) } : {}),
          ...(facilityIds ? { settings: { ...row.settings, facilityIds } } : {}),
          failingSince: null,
          lastError: null,
          alertedAt: null,
        })
        .where(and(eq(pmsConnection.organizationId, organizationId), eq(pmsConnection.id, row.id)))
        .returning(),
    )) as [typeof pmsConnection.$inferSelect];
  } catch (err) {
    if (isUniqueViolation(err))
      throw new DomainError("CONFLICT", `Another ${PMS_PROVIDER_NAMES[row.provider]} connection is active.`);
    throw err;
  }
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "pms.credentials_updated",
    targetType: "pms_connection",
    targetId: row.id,
    data: { provider: row.provider, wasStatus: row.status },
  });
  return connectionView(updated);
}

export const ZPmsSettings = z.object({
  connectionId: z.string().uuid(),
  /** The agent may give a verified caller the gate code the PMS holds for them (under the gate code policy). */
  shareGateCodes: z.boolean(),
});

/**
 * The operator's choices on a connection. Sharing the PMS's gate codes is off until an owner or
 * admin turns it on: a code from the PMS then goes to a verified caller exactly as one of ours would
 * (the organization's gate code policy: texted to the phone on file, read out, or never), audited.
 */
export async function updatePmsSettings(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  raw: z.input<typeof ZPmsSettings>,
) {
  const input = ZPmsSettings.parse(raw);
  const row = await requireConnection(tx, organizationId, input.connectionId);
  if (row.status === "disconnected") throw new DomainError("CONFLICT", "This connection is disconnected.");
  const [updated] = await tx
    .update(pmsConnection)
    .set({ settings: { ...row.settings, shareGateCodes: input.shareGateCodes } })
    .where(and(eq(pmsConnection.organizationId, organizationId), eq(pmsConnection.id, row.id)))
    .returning();
  if ((row.settings.shareGateCodes ?? false) !== input.shareGateCodes)
    await recordAudit(tx, {
      organizationId,
      actor,
      action: "pms.settings_updated",
      targetType: "pms_connection",
      targetId: row.id,
      data: { shareGateCodes: input.shareGateCodes },
    });
  return connectionView(updated!);
}

/**
 * Sync now (and the first sync after connecting): a pmsSync workflow started through the outbox in
 * the caller's transaction; the caller kicks the returned workflow id after the commit.
 */
export async function queueSync(
  tx: Executor,
  organizationId: string,
  connectionId: string,
  kind: "full" | "incremental",
  trigger: string = randomBytes(6).toString("hex"),
) {
  const row = await requireConnection(tx, organizationId, connectionId);
  if (row.status === "needs_credentials")
    throw new DomainError("CONFLICT", "Enter the credentials again before syncing.");
  if (row.status !== "active") throw new DomainError("CONFLICT", "This connection is disconnected.");
  const workflowId = workflowIds.pmsSync(connectionId, `${kind}-${trigger}`);
  await enqueueInTransaction(tx, [
    { organizationId, workflowName: WORKFLOWS.pmsSync, workflowId, args: [{ organizationId, connectionId, kind }] },
  ]);
  return workflowId;
}

/** Stops syncing and write-back; the mirrored rows stay, editable again and marked as no longer synced. */
export async function disconnectPms(tx: Executor, organizationId: string, actor: Actor, connectionId: string) {
  const row = await requireConnection(tx, organizationId, connectionId);
  if (row.status === "disconnected") return connectionView(row);
  const [updated] = await tx
    .update(pmsConnection)
    .set({ status: "disconnected", disconnectedAt: new Date(), syncLeaseUntil: null, syncLeaseHolder: null })
    .where(and(eq(pmsConnection.organizationId, organizationId), eq(pmsConnection.id, connectionId)))
    .returning();
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "pms.disconnected",
    targetType: "pms_connection",
    targetId: connectionId,
    data: { provider: row.provider },
  });
  return connectionView(updated!);
}

/** What the browser may see of a connection: never the credentials, never the webhook secret. */
export function connectionView(row: typeof pmsConnection.$inferSelect) {
  return {
    id: row.id,
    provider: row.provider as PmsProvider,
    providerName: PMS_PROVIDER_NAMES[row.provider],
    status: row.status,
    facilityIds: row.settings.facilityIds ?? [],
    shareGateCodes: row.settings.shareGateCodes === true,
    webhookPath: row.provider === "stora" ? `/api/pms/stora/webhook/${row.webhookToken}` : null,
    hasWebhookSecret: row.webhookSecretEncrypted !== null,
    lastSyncAt: row.lastSyncAt,
    lastSuccessAt: row.lastSuccessAt,
    lastFullSyncAt: row.lastFullSyncAt,
    failingSince: row.failingSince,
    lastError: row.lastError,
    createdAt: row.createdAt,
    disconnectedAt: row.disconnectedAt,
  };
}
export type PmsConnectionView = ReturnType<typeof connectionView>;

/** Settings > Integrations: each connection with its status, counts, recent runs and write-backs. */
export async function listPmsConnections(tx: Executor, organizationId: string) {
  const rows = await tx
    .select()
    .from(pmsConnection)
    .where(eq(pmsConnection.organizationId, organizationId))
    .orderBy(desc(pmsConnection.createdAt));
  const out = [];
  for (const row of rows) {
    const counts = await tx
      .select({ kind: pmsLink.kind, n: sql<number>`count(*)::int` })
      .from(pmsLink)
      .where(and(eq(pmsLink.organizationId, organizationId), eq(pmsLink.connectionId, row.id)))
      .groupBy(pmsLink.kind);
    const runs = await tx
      .select()
      .from(pmsSyncRun)
      .where(and(eq(pmsSyncRun.organizationId, organizationId), eq(pmsSyncRun.connectionId, row.id)))
      .orderBy(desc(pmsSyncRun.startedAt))
      .limit(10);
    const writeBacks = await tx
      .select()
      .from(pmsWriteBack)
      .where(and(eq(pmsWriteBack.organizationId, organizationId), eq(pmsWriteBack.connectionId, row.id)))
      .orderBy(desc(pmsWriteBack.createdAt))
      .limit(20);
    const facilities = await tx
      .select({ externalId: pmsFacilityMap.externalId, facilityId: pmsFacilityMap.facilityId, name: facility.name })
      .from(pmsFacilityMap)
      .innerJoin(facility, eq(facility.id, pmsFacilityMap.facilityId))
      .where(and(eq(pmsFacilityMap.organizationId, organizationId), eq(pmsFacilityMap.connectionId, row.id)));
    const lagSeconds = row.lastSuccessAt ? Math.round((Date.now() - row.lastSuccessAt.getTime()) / 1000) : null;
    out.push({
      ...connectionView(row),
      lagSeconds,
      counts: Object.fromEntries(counts.map((c) => [c.kind, c.n])) as Record<string, number>,
      pushed: writeBacks.filter((w) => w.status === "succeeded").length,
      facilities,
      runs: runs.map((r) => ({
        id: r.id,
        kind: r.kind,
        status: r.status,
        pulled: r.pulled,
        changed: r.changed,
        error: r.error,
        startedAt: r.startedAt,
        finishedAt: r.finishedAt,
      })),
      writeBacks: writeBacks.map((w) => ({
        id: w.id,
        kind: w.kind,
        localId: w.localId,
        status: w.status,
        externalId: w.externalId,
        attempts: w.attempts,
        lastError: w.lastError,
        createdAt: w.createdAt,
        updatedAt: w.updatedAt,
      })),
    });
  }
  return out;
}
