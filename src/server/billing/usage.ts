/**
 * Metered usage: call minutes and messages.
 *
 *   recordUsage(executor, { organizationId, kind, quantity, sourceId })  from the post-call job and
 *       the SMS/chat paths. Idempotent on (organization, kind, sourceId): a retried job adds nothing.
 *   reportUsageToStripe()  sends unreported rows to Stripe Billing Meters; a durable (DBOS) workflow
 *       runs it on a schedule. Each meter event carries the row id as its identifier, so a crash
 *       between Stripe accepting it and our update is deduplicated by Stripe on the next run.
 */
import { and, eq, gte, inArray, isNotNull, isNull, lt, sql, sum } from "drizzle-orm";
import { z } from "zod";

import { db, type Executor } from "@/server/db/client";
import { billingSubscription, usageRecord, USAGE_KINDS, type UsageKind } from "@/server/db/schema";
import { getStripe, isStripeApiError } from "@/server/integrations/stripe";
import { log } from "@/server/log";

import { meterEventName } from "./plans";

const ZRecordUsage = z.object({
  organizationId: z.string().min(1),
  kind: z.enum(USAGE_KINDS),
  quantity: z.number().int().positive(),
  sourceId: z.string().min(1).max(200),
  occurredAt: z.date().optional(),
});
export type RecordUsageInput = z.input<typeof ZRecordUsage>;

/** Calls are billed per started minute, like the carrier bills us. */
export const callMinutes = (durationSeconds: number) => (durationSeconds > 0 ? Math.ceil(durationSeconds / 60) : 0);

const monthOf = (d: Date) => d.toISOString().slice(0, 7);

/** Records usage once per source. Returns whether a new row was written. */
export async function recordUsage(ex: Executor, input: RecordUsageInput): Promise<{ recorded: boolean }> {
  const v = ZRecordUsage.parse(input);
  const occurredAt = v.occurredAt ?? new Date();
  const rows = await ex
    .insert(usageRecord)
    .values({
      organizationId: v.organizationId,
      kind: v.kind,
      quantity: v.quantity,
      sourceId: v.sourceId,
      occurredAt,
      period: monthOf(occurredAt),
    })
    .onConflictDoNothing({ target: [usageRecord.organizationId, usageRecord.kind, usageRecord.sourceId] })
    .returning({ id: usageRecord.id });
  return { recorded: rows.length > 0 };
}

/** Start and end of the UTC calendar month containing `now`: the usage window without a Stripe period. */
export function calendarMonth(now: Date): { start: Date; end: Date } {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return { start, end };
}

/** Totals per kind for usage that occurred in [start, end). */
export async function usageBetween(
  ex: Executor,
  organizationId: string,
  start: Date,
  end: Date,
): Promise<Record<UsageKind, number>> {
  const rows = await ex
    .select({ kind: usageRecord.kind, total: sum(usageRecord.quantity).mapWith(Number) })
    .from(usageRecord)
    .where(
      and(
        eq(usageRecord.organizationId, organizationId),
        gte(usageRecord.occurredAt, start),
        lt(usageRecord.occurredAt, end),
      ),
    )
    .groupBy(usageRecord.kind);
  const out: Record<UsageKind, number> = { call_minutes: 0, messages: 0 };
  for (const r of rows) out[r.kind] = r.total ?? 0;
  return out;
}

// Stripe accepts meter events up to 35 days old; older ones can never be reported.
const METER_WINDOW_MS = 35 * 86_400_000;

export interface ReportResult {
  reported: number;
  failed: number;
}

/**
 * Sends unreported usage of subscribed organizations to Stripe Billing Meters. Organizations
 * without a Stripe customer (trial, or billing not configured) are left alone.
 */
export async function reportUsageToStripe(
  opts: { organizationId?: string; limit?: number; now?: Date } = {},
): Promise<ReportResult> {
  const stripe = getStripe();
  if (!stripe) return { reported: 0, failed: 0 };
  const now = opts.now ?? new Date();
  const rows = await db
    .select({
      id: usageRecord.id,
      kind: usageRecord.kind,
      quantity: usageRecord.quantity,
      occurredAt: usageRecord.occurredAt,
      customerId: billingSubscription.stripeCustomerId,
      organizationId: usageRecord.organizationId,
    })
    .from(usageRecord)
    .innerJoin(billingSubscription, eq(billingSubscription.organizationId, usageRecord.organizationId))
    .where(
      and(
        isNull(usageRecord.reportedToStripeAt),
        isNotNull(billingSubscription.stripeSubscriptionId),
        inArray(billingSubscription.status, ["trialing", "active", "past_due"]),
        gte(usageRecord.occurredAt, new Date(now.getTime() - METER_WINDOW_MS)),
        opts.organizationId ? eq(usageRecord.organizationId, opts.organizationId) : sql`true`,
      ),
    )
    .orderBy(usageRecord.occurredAt)
    .limit(opts.limit ?? 500);

  let reported = 0;
  let failed = 0;
  for (const r of rows) {
    if (!r.customerId) continue;
    try {
      await stripe.billing.meterEvents.create({
        event_name: meterEventName(r.kind),
        identifier: `usage-${r.id}`,
        timestamp: Math.floor(r.occurredAt.getTime() / 1000),
        payload: { stripe_customer_id: r.customerId, value: String(r.quantity) },
      });
      await db.update(usageRecord).set({ reportedToStripeAt: new Date() }).where(eq(usageRecord.id, r.id));
      reported++;
    } catch (err) {
      failed++;
      log.warn(
        {
          usageRecordId: r.id,
          organizationId: r.organizationId,
          err: isStripeApiError(err) ? err.message : String(err),
        },
        "meter event not accepted; will retry",
      );
    }
  }
  return { reported, failed };
}
