import { and, desc, eq, lt, sql } from "drizzle-orm";
import { z } from "zod";

import { env } from "@/env";
import { recordAudit } from "@/server/audit";
import type { Executor } from "@/server/db/client";
import { WEBHOOK_EVENT_TYPES, webhookDelivery, webhookEndpoint } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { DomainError, notFound } from "@/server/domain/errors";
import { outboundUrlProblem } from "@/server/http/outbound-guard";

import { generateWebhookSecret } from "./signature";
import { coercedDate } from "@/lib/zod-dates";

/** Webhook endpoints and their delivery log, managed in Settings > API & webhooks. */

/**
 * A webhook may not point into our own network (SSRF): no private, loopback, link-local or reserved
 * address (http/outbound-guard.ts checks every resolved address again at connect time), and https in
 * production. Development and tests post to local receivers (OUTBOUND_ALLOWLIST's local default).
 */
function checkUrl(raw: string) {
  const problem = outboundUrlProblem(raw);
  if (problem) return problem;
  if (env.NODE_ENV === "production" && new URL(raw).protocol !== "https:") return "Use an https URL.";
  return null;
}

const ZUrl = z
  .string()
  .trim()
  .max(2000)
  .pipe(z.url({ message: "Enter a full URL, e.g. https://example.com/hooks/storage-agent." }))
  .superRefine((v, ctx) => {
    const problem = checkUrl(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const ZCreateEndpoint = z.object({
  url: ZUrl,
  description: z.string().trim().max(200).default(""),
  eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1, "Choose at least one event."),
});
export const ZUpdateEndpoint = z.object({
  id: z.uuid(),
  url: ZUrl.optional(),
  description: z.string().trim().max(200).optional(),
  eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1, "Choose at least one event.").optional(),
  enabled: z.boolean().optional(),
});
export const ZEndpointId = z.object({ id: z.uuid() });
export const ZDeliveryList = z.object({
  endpointId: z.uuid(),
  before: coercedDate().optional(),
  limit: z.number().int().min(1).max(100).default(25),
});
export const ZDeliveryId = z.object({ deliveryId: z.uuid() });

const publicColumns = {
  id: webhookEndpoint.id,
  url: webhookEndpoint.url,
  description: webhookEndpoint.description,
  eventTypes: webhookEndpoint.eventTypes,
  enabled: webhookEndpoint.enabled,
  failingSince: webhookEndpoint.failingSince,
  disabledAt: webhookEndpoint.disabledAt,
  createdAt: webhookEndpoint.createdAt,
};

export function listEndpoints(tx: Executor, organizationId: string) {
  return tx
    .select(publicColumns)
    .from(webhookEndpoint)
    .where(eq(webhookEndpoint.organizationId, organizationId))
    .orderBy(desc(webhookEndpoint.createdAt));
}

/** The signing secret is returned here only; the settings page shows it once. */
export async function createEndpoint(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  input: z.input<typeof ZCreateEndpoint>,
) {
  const v = ZCreateEndpoint.parse(input);
  const secret = generateWebhookSecret();
  const [row] = await tx
    .insert(webhookEndpoint)
    .values({
      organizationId,
      url: v.url,
      description: v.description,
      eventTypes: [...new Set(v.eventTypes)],
      secret,
      createdByUserId: actor.userId ?? null,
    })
    .returning(publicColumns);
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "webhook_endpoint.created",
    targetType: "webhook_endpoint",
    targetId: row!.id,
    data: { url: v.url, eventTypes: v.eventTypes },
  });
  return { ...row!, secret };
}

export async function updateEndpoint(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  input: z.input<typeof ZUpdateEndpoint>,
) {
  const { id, ...v } = ZUpdateEndpoint.parse(input);
  const patch = {
    ...(v.url !== undefined ? { url: v.url } : {}),
    ...(v.description !== undefined ? { description: v.description } : {}),
    ...(v.eventTypes ? { eventTypes: [...new Set(v.eventTypes)] } : {}),
    // Enabling again starts a fresh failure clock; disabling by hand is not a failure.
    ...(v.enabled === true ? { enabled: true, disabledAt: null, failingSince: null } : {}),
    ...(v.enabled === false ? { enabled: false } : {}),
  };
  if (Object.keys(patch).length === 0) throw new DomainError("BAD_REQUEST", "Nothing to change.");
  const [row] = await tx
    .update(webhookEndpoint)
    .set(patch)
    .where(and(eq(webhookEndpoint.organizationId, organizationId), eq(webhookEndpoint.id, id)))
    .returning(publicColumns);
  if (!row) throw notFound("Webhook endpoint");
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "webhook_endpoint.updated",
    targetType: "webhook_endpoint",
    targetId: id,
    data: { fields: Object.keys(patch) },
  });
  return row;
}

export async function deleteEndpoint(tx: Executor, organizationId: string, actor: Actor, id: string) {
  const [row] = await tx
    .delete(webhookEndpoint)
    .where(and(eq(webhookEndpoint.organizationId, organizationId), eq(webhookEndpoint.id, id)))
    .returning(publicColumns);
  if (!row) throw notFound("Webhook endpoint");
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "webhook_endpoint.deleted",
    targetType: "webhook_endpoint",
    targetId: id,
    data: { url: row.url },
  });
  return { ok: true as const };
}

/** The delivery log: newest first, with what was sent and what came back. */
export async function listDeliveries(tx: Executor, organizationId: string, input: z.input<typeof ZDeliveryList>) {
  const v = ZDeliveryList.parse(input);
  const [ep] = await tx
    .select({ id: webhookEndpoint.id })
    .from(webhookEndpoint)
    .where(and(eq(webhookEndpoint.organizationId, organizationId), eq(webhookEndpoint.id, v.endpointId)));
  if (!ep) throw notFound("Webhook endpoint");
  return tx
    .select()
    .from(webhookDelivery)
    .where(
      and(
        eq(webhookDelivery.organizationId, organizationId),
        eq(webhookDelivery.endpointId, v.endpointId),
        v.before ? lt(webhookDelivery.createdAt, v.before) : undefined,
      ),
    )
    .orderBy(desc(webhookDelivery.createdAt))
    .limit(v.limit);
}

/** Queues a delivery to be sent again now (same webhook-id, so a receiver that already has it can tell). */
export async function requeueDelivery(tx: Executor, organizationId: string, actor: Actor, deliveryId: string) {
  const [row] = await tx
    .update(webhookDelivery)
    .set({ status: "pending", nextAttemptAt: sql`now()`, lockedUntil: null })
    .where(and(eq(webhookDelivery.organizationId, organizationId), eq(webhookDelivery.id, deliveryId)))
    .returning({ id: webhookDelivery.id, endpointId: webhookDelivery.endpointId });
  if (!row) throw notFound("Delivery");
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "webhook_delivery.resent",
    targetType: "webhook_delivery",
    targetId: deliveryId,
  });
  return row;
}
