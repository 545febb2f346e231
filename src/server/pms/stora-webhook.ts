import "server-only";

import { createHmac, timingSafeEqual } from "node:crypto";

import { and, eq } from "drizzle-orm";

import { db, withOrg } from "@/server/db/client";
import { pmsConnection, pmsWebhookEvent } from "@/server/db/schema";
import { decryptSecret } from "@/server/auth/encryption";
import { kickOutbox, enqueueInTransaction } from "@/server/jobs/outbox";
import { WORKFLOWS, workflowIds } from "@/server/jobs/names";
import { countWebhookFailure } from "@/server/observability/metrics";

/**
 * Stora webhooks (docs.stora.co/2025-09/guides/webhooks): `X-Stora-Signature: t=<unix>,v1=<hex>`,
 * the HMAC-SHA256 of `<t>.<raw body>` with the endpoint's secret. We verify it over the raw bytes,
 * refuse timestamps more than five minutes off (a captured delivery cannot be replayed later),
 * record the event id once (Stora retries up to six times; a repeat is acknowledged and ignored),
 * and never trust the payload's data: the event only starts a sync that re-reads the PMS, so an
 * out-of-order or replayed event cannot put stale data in our tables.
 */
export const STORA_SIGNATURE_TOLERANCE_S = 300;
/** Events that can change inventory: anything about units, unit types, sites, allocations, coupons. */
const INVENTORY_EVENT = /^(unit|unit_type|site|unit_allocation|coupon|tenancy|order)\./;

export function verifyStoraSignature(
  raw: Uint8Array,
  header: string | null,
  secret: string,
  nowS = Math.floor(Date.now() / 1000),
): { ok: true } | { ok: false; reason: string } {
  if (!header) return { ok: false, reason: "missing signature" };
  const parts = Object.fromEntries(
    header.split(",").map((p) => {
      const i = p.indexOf("=");
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()];
    }),
  );
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1) return { ok: false, reason: "malformed signature" };
  if (Math.abs(nowS - t) > STORA_SIGNATURE_TOLERANCE_S) return { ok: false, reason: "stale timestamp" };
  const expected = createHmac("sha256", secret).update(`${t}.`).update(raw).digest();
  const given = Buffer.from(parts.v1, "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: "bad signature" };
  return { ok: true };
}

export interface WebhookOutcome {
  status: number;
  body: Record<string, unknown>;
}

export async function handleStoraWebhook(
  token: string,
  raw: Uint8Array,
  signature: string | null,
): Promise<WebhookOutcome> {
  // Routing by the random token in the URL: the system connection, since no organization is known yet.
  const [conn] = await db
    .select()
    .from(pmsConnection)
    .where(and(eq(pmsConnection.webhookToken, token), eq(pmsConnection.provider, "stora")));
  if (!conn || conn.status !== "active" || !conn.webhookSecretEncrypted) {
    countWebhookFailure("stora", "unknown_endpoint");
    return { status: 404, body: { error: "unknown endpoint" } };
  }
  let secret: string;
  try {
    secret = decryptSecret(conn.webhookSecretEncrypted);
  } catch {
    // Encrypted under another ENCRYPTION_KEY: nothing can be verified until the operator enters it again.
    countWebhookFailure("stora", "secret_unreadable");
    return { status: 401, body: { error: "the webhook secret must be entered again in Settings > Integrations" } };
  }
  const verified = verifyStoraSignature(raw, signature, secret);
  if (!verified.ok) {
    countWebhookFailure("stora", "signature");
    return { status: 401, body: { error: verified.reason } };
  }
  let event: { id?: unknown; type?: unknown };
  try {
    event = ((JSON.parse(Buffer.from(raw).toString("utf8")) as { event?: typeof event }).event ?? {}) as typeof event;
  } catch {
    return { status: 400, body: { error: "body is not JSON" } };
  }
  if (typeof event.id !== "string" || typeof event.type !== "string")
    return { status: 400, body: { error: "event.id and event.type are required" } };
  const eventId = event.id;
  const eventType = event.type;
  const orgId = conn.organizationId;

  const fresh = await withOrg(orgId, async (tx) => {
    const inserted = await tx
      .insert(pmsWebhookEvent)
      .values({ organizationId: orgId, connectionId: conn.id, eventId, eventType })
      .onConflictDoNothing()
      .returning({ eventId: pmsWebhookEvent.eventId });
    if (inserted.length === 0) return false;
    // The sync starts with the event recorded, or not at all (the outbox; src/server/jobs/outbox.ts).
    if (INVENTORY_EVENT.test(eventType))
      await enqueueInTransaction(tx, [
        {
          organizationId: orgId,
          workflowName: WORKFLOWS.pmsSync,
          workflowId: workflowIds.pmsSync(conn.id, eventId),
          args: [{ organizationId: orgId, connectionId: conn.id, kind: "webhook" }],
        },
      ]);
    return true;
  });
  if (!fresh) return { status: 200, body: { received: true, duplicate: true } };
  if (INVENTORY_EVENT.test(eventType)) kickOutbox([workflowIds.pmsSync(conn.id, eventId)]);
  return { status: 200, body: { received: true } };
}
