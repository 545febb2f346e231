import { randomUUID } from "node:crypto";

import { and, arrayContains, eq, isNull } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import { configVersionOf, OrgConfigCache } from "@/server/db/org-config-cache";
import { webhookDelivery, webhookEndpoint, type WebhookEventType } from "@/server/db/schema";

const subscriptions = new OrgConfigCache();

/**
 * Records an event for every enabled endpoint of the organization subscribed to its type, in the
 * caller's transaction (the outbox pattern): the deliveries exist if and only if the change that
 * caused them commits. `deliverDue()` sends them afterwards. `data` should be the resource in its
 * public API shape (loadLeadJson / loadReservationJson in src/server/public-api).
 */
export async function emitEvent(
  tx: Executor,
  organizationId: string,
  type: WebhookEventType,
  data: Record<string, unknown> | (() => Promise<Record<string, unknown>>),
  at: Date = new Date(),
) {
  const read = () =>
    tx
      .select({ id: webhookEndpoint.id })
      .from(webhookEndpoint)
      .where(
        and(
          eq(webhookEndpoint.organizationId, organizationId),
          eq(webhookEndpoint.enabled, true),
          isNull(webhookEndpoint.disabledAt),
          arrayContains(webhookEndpoint.eventTypes, [type]),
        ),
      );
  // In an agent turn the organization's config version is known (read with the conversation lock):
  // subscriptions are then served from a cache that any endpoint change invalidates (a trigger
  // bumps the version), so a turn does not pay a query per event nobody may have subscribed to.
  const version = configVersionOf(tx, organizationId);
  const endpoints = version ? await subscriptions.get(organizationId, type, version, read) : await read();
  if (endpoints.length === 0) return { eventId: null, deliveries: 0 };
  const eventId = randomUUID();
  // A loader is only run when someone subscribed, so domain writes pay nothing for events nobody wants.
  const payload = { type, timestamp: at.toISOString(), data: typeof data === "function" ? await data() : data };
  await tx
    .insert(webhookDelivery)
    .values(endpoints.map((e) => ({ organizationId, eventId, endpointId: e.id, eventType: type, payload })));
  return { eventId, deliveries: endpoints.length };
}
