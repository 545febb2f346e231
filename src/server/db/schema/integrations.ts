import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import { user } from "./auth";
import { organizationId } from "./platform";
import { tenantFk, tenantKey } from "./tenant-keys";

/**
 * The integration layer (issue 8): API keys for the public REST API, their rate-limit counters, and
 * outbound webhooks (endpoints and an outbox of deliveries).
 */

export const API_KEY_SCOPES = ["read", "write"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/**
 * The secret is never stored: only its SHA-256 (a key is 32 random bytes, so a fast hash is enough;
 * slow password hashes protect low-entropy secrets). `prefix` is the first characters, shown in the
 * UI so people can tell keys apart, and it is also the lookup index.
 */
export const apiKey = pgTable(
  "api_key",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    name: text().notNull(),
    prefix: text().notNull(),
    secretHash: text().notNull(),
    scopes: text().array().$type<ApiKeyScope[]>().notNull(),
    createdByUserId: text().references(() => user.id, { onDelete: "set null" }),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    tenantKey("api_key_org_id_key", t.organizationId, t.id),
    uniqueIndex().on(t.prefix),
    index().on(t.organizationId, t.createdAt),
  ],
);

/**
 * Fixed-window request counters per key, in Postgres so every app process agrees. One row per key
 * and window; old windows are deleted lazily.
 */
export const apiRateLimit = pgTable(
  "api_rate_limit",
  {
    organizationId: organizationId(),
    apiKeyId: uuid().notNull(),
    windowStart: timestamp({ withTimezone: true }).notNull(),
    count: integer().notNull().default(0),
  },
  (t) => [
    tenantFk("api_rate_limit_api_key_id_tenant_fk", t.organizationId, t.apiKeyId, apiKey, "cascade"),
    uniqueIndex().on(t.apiKeyId, t.windowStart),
  ],
);

/**
 * `Idempotency-Key` on the public API's creating POSTs (Stripe's semantics, docs/api.md): the first
 * successful answer for a key is stored in the same transaction as what it created, so a retry after
 * a lost answer replays it instead of booking twice. Scoped to the API key (and so its organization);
 * `request_hash` tells a retry from a different request reusing the key. Expired rows are invisible
 * and the hourly housekeeping deletes them.
 */
export const apiIdempotencyKey = pgTable(
  "api_idempotency_key",
  {
    organizationId: organizationId(),
    apiKeyId: uuid().notNull(),
    key: text().notNull(),
    requestHash: text().notNull(),
    responseStatus: integer().notNull(),
    responseBody: jsonb().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    tenantFk("api_idempotency_key_api_key_id_tenant_fk", t.organizationId, t.apiKeyId, apiKey, "cascade"),
    uniqueIndex().on(t.organizationId, t.apiKeyId, t.key),
    index().on(t.expiresAt),
  ],
);

export const WEBHOOK_EVENT_TYPES = [
  "lead.created",
  "lead.updated",
  "reservation.created",
  "reservation.cancelled",
  "reservation.expired",
  "rental.created",
  "call.completed",
  "message.received",
  "payment.succeeded",
  "payment.failed",
  "payment.refunded",
  "payment.disputed",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const webhookEndpoint = pgTable(
  "webhook_endpoint",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    url: text().notNull(),
    description: text().notNull().default(""),
    eventTypes: text().array().$type<WebhookEventType[]>().notNull(),
    /** `whsec_<base64>` as in Standard Webhooks; shown once at creation. */
    secret: text().notNull(),
    enabled: boolean().notNull().default(true),
    /** First failure of the current run of failures; cleared by any success. */
    failingSince: timestamp({ withTimezone: true }),
    disabledAt: timestamp({ withTimezone: true }),
    createdByUserId: text().references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [tenantKey("webhook_endpoint_org_id_key", t.organizationId, t.id), index().on(t.organizationId, t.createdAt)],
);

export const WEBHOOK_DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/**
 * The outbox: one row per (event, endpoint), written in the same transaction as the change that
 * caused the event. `id` is the Standard Webhooks `webhook-id`, stable across retries, so receivers
 * can drop duplicates.
 */
export const webhookDelivery = pgTable(
  "webhook_delivery",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    eventId: uuid().notNull(),
    endpointId: uuid().notNull(),
    eventType: text().$type<WebhookEventType>().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    status: text({ enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default("pending"),
    attemptCount: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).default(sql`now()`),
    /** A sender holds the row until this time, so two workers never send the same attempt. */
    lockedUntil: timestamp({ withTimezone: true }),
    lastAttemptAt: timestamp({ withTimezone: true }),
    lastResponseStatus: integer(),
    lastResponseBody: text(),
    lastError: text(),
    requestHeaders: jsonb().$type<Record<string, string>>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    tenantFk("webhook_delivery_endpoint_id_tenant_fk", t.organizationId, t.endpointId, webhookEndpoint, "cascade"),
    uniqueIndex().on(t.eventId, t.endpointId),
    index().on(t.status, t.nextAttemptAt),
    index().on(t.organizationId, t.endpointId, t.createdAt),
  ],
);
