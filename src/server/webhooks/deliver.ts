import { and, eq, inArray, sql } from "drizzle-orm";

import { db } from "@/server/db/client";
import { member, organization, user, webhookDelivery, webhookEndpoint } from "@/server/db/schema";
import { guardedFetch } from "@/server/http/outbound-guard";
import { sendEmail } from "@/server/integrations/email";
import { log } from "@/server/log";

import { ENDPOINT_DISABLE_AFTER_MS, MAX_ATTEMPTS, nextAttemptAt } from "./retry-schedule";
import { sign } from "./signature";

/**
 * Sends due webhook deliveries. Safe to run from several processes at once: each batch is claimed
 * with FOR UPDATE SKIP LOCKED and held by `locked_until`, so an attempt is made by one sender only.
 * A delivery keeps its id (the `webhook-id`) across retries, so receivers drop repeats even if a
 * sender dies between the request and recording its result.
 *
 * The jobs engineer runs this from a durable DBOS workflow; tests call it directly. `now` moves the
 * schedule (not the signed timestamp, which is always the real clock, as receivers check it).
 */
export interface DeliverOptions {
  now?: Date;
  /** Only this organization's deliveries (tests, per-tenant workers). */
  organizationId?: string;
  /** Only this delivery (the Resend button). */
  deliveryId?: string;
  limit?: number;
  timeoutMs?: number;
}

type Delivery = typeof webhookDelivery.$inferSelect;
const LOCK_SECONDS = 60;
const BODY_EXCERPT = 2000;

async function claim(o: Required<Pick<DeliverOptions, "limit">> & DeliverOptions): Promise<Delivery[]> {
  // Without a moved clock, "due" is judged by the database's clock, the one that stamped
  // next_attempt_at (now() at emit, in microseconds): the app's clock, in whole milliseconds and
  // possibly skewed, could see an event emitted within the same millisecond as not yet due.
  const now = o.now ? sql`${o.now.toISOString()}::timestamptz` : sql`statement_timestamp()`;
  const res = await db.execute<{ id: string }>(sql`
    update webhook_delivery set locked_until = ${now} + make_interval(secs => ${LOCK_SECONDS})
    where id in (
      select id from webhook_delivery
      where status = 'pending' and next_attempt_at <= ${now}
        and (locked_until is null or locked_until <= ${now})
        ${o.organizationId ? sql`and organization_id = ${o.organizationId}` : sql``}
        ${o.deliveryId ? sql`and id = ${o.deliveryId}` : sql``}
      order by next_attempt_at
      limit ${o.limit}
      for update skip locked)
    returning id`);
  const ids = res.rows.map((r) => r.id);
  if (!ids.length) return [];
  return db.select().from(webhookDelivery).where(inArray(webhookDelivery.id, ids));
}

async function post(url: string, headers: Record<string, string>, body: string, timeoutMs: number) {
  try {
    // Organization-chosen URL: the guarded fetch refuses private addresses at connect time.
    const res = await guardedFetch(url, {
      method: "POST",
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = (await res.text().catch(() => "")).slice(0, BODY_EXCERPT);
    return { ok: res.status >= 200 && res.status < 300, status: res.status, body: text, error: null };
  } catch (err) {
    return { ok: false, status: null, body: null, error: String((err as Error)?.message ?? err).slice(0, 500) };
  }
}

async function notifyOwnersDisabled(endpoint: typeof webhookEndpoint.$inferSelect, disabledAt: Date) {
  const owners = await db
    .select({ email: user.email, orgName: organization.name })
    .from(member)
    .innerJoin(user, eq(user.id, member.userId))
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .where(and(eq(member.organizationId, endpoint.organizationId), eq(member.role, "owner")));
  for (const o of owners) {
    await sendEmail({
      to: o.email,
      organizationId: endpoint.organizationId,
      kind: "webhook.endpoint_disabled",
      idempotencyKey: `webhook-disabled:${endpoint.id}:${disabledAt.toISOString()}:${o.email}`,
      subject: `Webhook endpoint disabled: ${endpoint.url}`,
      text:
        `Every delivery to ${endpoint.url} for ${o.orgName} has failed since ${endpoint.failingSince?.toISOString() ?? "three days ago"}, ` +
        `so we stopped sending to it. Fix the receiver, then enable it again in Settings > API & webhooks; ` +
        `you can resend missed events from its delivery log.`,
    });
  }
}

async function recordEndpointOutcome(endpointId: string, ok: boolean, now: Date) {
  if (ok) {
    await db.update(webhookEndpoint).set({ failingSince: null }).where(eq(webhookEndpoint.id, endpointId));
    return;
  }
  const [ep] = await db
    .update(webhookEndpoint)
    .set({ failingSince: sql`coalesce(${webhookEndpoint.failingSince}, ${now.toISOString()}::timestamptz)` })
    .where(eq(webhookEndpoint.id, endpointId))
    .returning();
  if (!ep || !ep.enabled || !ep.failingSince || now.getTime() - ep.failingSince.getTime() < ENDPOINT_DISABLE_AFTER_MS)
    return;
  const [disabled] = await db
    .update(webhookEndpoint)
    .set({ enabled: false, disabledAt: now })
    .where(and(eq(webhookEndpoint.id, endpointId), eq(webhookEndpoint.enabled, true)))
    .returning();
  if (!disabled) return; // another sender got there first and sent the e-mail
  log.warn({ endpointId, organizationId: ep.organizationId }, "webhook endpoint disabled after failing for 3 days");
  await notifyOwnersDisabled(ep, now);
}

async function attempt(d: Delivery, now: Date, timeoutMs: number) {
  const [endpoint] = await db.select().from(webhookEndpoint).where(eq(webhookEndpoint.id, d.endpointId));
  if (!endpoint || !endpoint.enabled) {
    await db
      .update(webhookDelivery)
      .set({ status: "failed", lockedUntil: null, nextAttemptAt: null, lastError: "The endpoint is disabled." })
      .where(eq(webhookDelivery.id, d.id));
    return "skipped" as const;
  }
  const body = JSON.stringify(d.payload);
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = {
    "content-type": "application/json",
    "user-agent": "StorageAgent-Webhooks/1.0",
    "webhook-id": d.id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": sign(endpoint.secret, d.id, timestamp, body),
  };
  const result = await post(endpoint.url, headers, body, timeoutMs);
  const attempts = d.attemptCount + 1;
  const retryAt = result.ok ? null : attempts >= MAX_ATTEMPTS ? null : nextAttemptAt(attempts, now);
  await db
    .update(webhookDelivery)
    .set({
      attemptCount: attempts,
      status: result.ok ? "succeeded" : retryAt ? "pending" : "failed",
      nextAttemptAt: retryAt,
      lockedUntil: null,
      lastAttemptAt: new Date(),
      lastResponseStatus: result.status,
      lastResponseBody: result.body,
      lastError: result.error,
      requestHeaders: headers,
    })
    .where(eq(webhookDelivery.id, d.id));
  await recordEndpointOutcome(endpoint.id, result.ok, now);
  return result.ok ? ("succeeded" as const) : ("failed" as const);
}

export async function deliverDue(options: DeliverOptions = {}) {
  const now = options.now ?? new Date();
  const limit = options.limit ?? 100;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const batch = await claim({ ...options, limit });
  const counts = { attempted: 0, succeeded: 0, failed: 0, skipped: 0 };
  // Endpoints are independent: send to each in parallel, but one endpoint's events in order.
  const byEndpoint = new Map<string, Delivery[]>();
  for (const d of batch.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()))
    byEndpoint.set(d.endpointId, [...(byEndpoint.get(d.endpointId) ?? []), d]);
  await Promise.all(
    [...byEndpoint.values()].map(async (list) => {
      for (const d of list) {
        const outcome = await attempt(d, now, timeoutMs);
        counts[outcome]++;
        if (outcome !== "skipped") counts.attempted++;
      }
    }),
  );
  return counts;
}
