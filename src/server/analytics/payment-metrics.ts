import { sql } from "drizzle-orm";

import type { Executor } from "@/server/db/client";

import { datesOf, facilityTimeZoneSql, localDateIn, orgTimeZoneSql, ratio, type ParsedFilter } from "./filters";

/**
 * Renter payments (issue 16) for a period: money collected and refunded, how payments came in,
 * pay-link conversion, collections, by day. Read from the raw rows by index ranges: payments by
 * (organization, received), refunds by (organization, effective) where kind = refund, links by
 * (organization, created), phone attempts by (organization, started), collection cases by
 * (organization, created), so the cost follows the period's payments, never the history (a month
 * of a large operator is a few thousand rows; no rollup is needed for that). Each row's date is
 * on its facility's clock (the rental's, else the reservation's; the organization's time zone
 * without either), as every figure (docs/analytics.md). The channel filter does not apply.
 */
export const PAYMENT_CHANNELS = [
  "phone",
  "link_agent",
  "link_dashboard",
  "link_collections",
  "link_api",
  "desk",
  "pms",
] as const;
export type PaymentChannel = (typeof PAYMENT_CHANNELS)[number];

export interface PaymentFigures {
  /** Payments that came in (not pending or failed), net of what was refunded of them since. */
  collectedCents: number;
  /** Those payments, counted. */
  payments: number;
  /** Money given back in the period (refund entries), whenever the payment was. */
  refundedCents: number;
  refunds: number;
  /** Card attempts that failed: payment rows marked failed, and phone (<Pay>) attempts declined. */
  failed: number;
  /** payments / (payments + failed), null when there was neither. */
  successRate: number | null;
  byChannel: { channel: PaymentChannel; payments: number; collectedCents: number }[];
  /** Pay links made in the period: how many were paid (so far), and how long that took. */
  links: { created: number; paid: number; conversion: number | null; averageHoursToPay: number | null };
  /** Collection cases opened in the period (a tenant past due), and what became of them. */
  collections: {
    opened: number;
    paid: number;
    optedOut: number;
    textsSent: number;
    /** Average days from the due date to the payment that settled it, for the paid ones. */
    averageDaysToPay: number | null;
  };
  byDay: { date: string; collectedCents: number; payments: number }[];
}

/** Human names of the channels (the page and the payments report). */
export const PAYMENT_CHANNEL_LABELS: Record<PaymentChannel, string> = {
  phone: "By phone",
  link_agent: "Link from the agent",
  link_dashboard: "Link from staff",
  link_collections: "Collections link",
  link_api: "Link via the API",
  desk: "Recorded by staff",
  pms: "PMS or import",
};

/**
 * How a payment (alias `p`) came in, one definition for the figures and the report: mirrored from a
 * PMS or imported; by phone (a <Pay> attempt charged that PaymentIntent); through a pay link (by
 * who sent it: the agent, staff, collections, the API); else recorded by staff (cash, check).
 */
export function paymentChannelSql(organizationId: string) {
  return sql`CASE
          WHEN p.source IN ('pms', 'import') THEN 'pms'
          WHEN p.stripe_payment_intent_id IS NOT NULL AND EXISTS (SELECT 1 FROM phone_payment pp
            WHERE pp.organization_id = ${organizationId} AND pp.stripe_payment_intent_id = p.stripe_payment_intent_id) THEN 'phone'
          WHEN p.payment_link_id IS NOT NULL THEN
            coalesce((SELECT 'link_' || l.channel FROM payment_link l WHERE l.id = p.payment_link_id), 'link_dashboard')
          ELSE 'desk'
        END`;
}

/** A payment's facility: its rental's, else its reservation's (primary-key lookups). */
export const paymentFacility = sql`coalesce((SELECT r.facility_id FROM rental r WHERE r.id = p.rental_id), (SELECT v.facility_id FROM reservation v WHERE v.id = p.reservation_id))`;

export function tzOf(facility: ReturnType<typeof sql>, organizationId: string) {
  return sql`coalesce(${facilityTimeZoneSql(facility)}, ${orgTimeZoneSql(organizationId)})`;
}

const facilityFilter = (column: ReturnType<typeof sql>, facilityId: string | null) =>
  facilityId ? sql` AND ${column} = ${facilityId}` : sql``;

export async function paymentsFor(tx: Executor, organizationId: string, f: ParsedFilter): Promise<PaymentFigures> {
  const paymentRows = await tx.execute<{
    local_date: string;
    channel: PaymentChannel;
    ok: boolean;
    n: number;
    cents: string | number;
  }>(sql`
    WITH p AS MATERIALIZED (
      SELECT p.id, p.status, p.amount_cents, p.refunded_cents, p.received_at, p.source, p.payment_link_id,
        p.stripe_payment_intent_id, p.rental_id, p.reservation_id, ${paymentFacility} AS facility_id
      FROM payment p
      WHERE p.organization_id = ${organizationId}
        AND p.received_at >= (${f.from}::date - 1)::timestamp AT TIME ZONE 'UTC'
        AND p.received_at < (${f.to}::date + 2)::timestamp AT TIME ZONE 'UTC'
    ), x AS (
      SELECT (p.received_at AT TIME ZONE ${tzOf(sql`p.facility_id`, organizationId)})::date::text AS local_date,
        ${paymentChannelSql(organizationId)} AS channel,
        p.status NOT IN ('pending', 'failed') AS ok,
        p.status = 'failed' AS failed,
        p.amount_cents - p.refunded_cents AS net
      FROM p WHERE true ${facilityFilter(sql`p.facility_id`, f.facilityId)}
    )
    SELECT local_date, channel, ok, count(*)::int AS n, sum(net) AS cents
    FROM x WHERE (ok OR failed) AND local_date BETWEEN ${f.from} AND ${f.to}
    GROUP BY 1, 2, 3`);

  const refundRows = await tx.execute<{ n: number; cents: string | number | null }>(sql`
    SELECT count(*)::int AS n, sum(le.amount_cents) AS cents
    FROM ledger_entry le
    WHERE le.organization_id = ${organizationId} AND le.kind = 'refund'
      AND ${localDateIn(sql`le.effective_at`, tzOf(sql`coalesce(le.facility_id, (SELECT r.facility_id FROM rental r WHERE r.id = le.rental_id))`, organizationId), f)}
      ${facilityFilter(sql`coalesce(le.facility_id, (SELECT r.facility_id FROM rental r WHERE r.id = le.rental_id))`, f.facilityId)}`);

  const phoneFailed = await tx.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM phone_payment pp
    WHERE pp.organization_id = ${organizationId} AND pp.status = 'failed'
      AND ${localDateIn(sql`pp.started_at`, tzOf(sql`(SELECT r.facility_id FROM rental r WHERE r.id = pp.rental_id)`, organizationId), f)}
      ${facilityFilter(sql`(SELECT r.facility_id FROM rental r WHERE r.id = pp.rental_id)`, f.facilityId)}`);

  const linkRows = await tx.execute<{ created: number; paid: number; hours: string | number | null }>(sql`
    SELECT count(*)::int AS created, count(*) FILTER (WHERE l.paid_at IS NOT NULL)::int AS paid,
      avg(extract(epoch FROM l.paid_at - l.created_at) / 3600) FILTER (WHERE l.paid_at IS NOT NULL) AS hours
    FROM payment_link l
    WHERE l.organization_id = ${organizationId}
      AND ${localDateIn(sql`l.created_at`, tzOf(sql`l.facility_id`, organizationId), f)}
      ${facilityFilter(sql`l.facility_id`, f.facilityId)}`);

  const caseRows = await tx.execute<{
    opened: number;
    paid: number;
    opted_out: number;
    texts: number;
    days: string | number | null;
  }>(sql`
    SELECT count(*)::int AS opened,
      count(*) FILTER (WHERE c.status = 'paid')::int AS paid,
      count(*) FILTER (WHERE c.status = 'opted_out')::int AS opted_out,
      count(*) FILTER (WHERE c.steps @> '[{"step": "text", "outcome": "sent"}]')::int AS texts,
      avg((c.closed_at AT TIME ZONE ${tzOf(sql`c.facility_id`, organizationId)})::date - c.due_date) FILTER (WHERE c.status = 'paid') AS days
    FROM collection_case c
    WHERE c.organization_id = ${organizationId}
      AND ${localDateIn(sql`c.created_at`, tzOf(sql`c.facility_id`, organizationId), f)}
      ${facilityFilter(sql`c.facility_id`, f.facilityId)}`);

  const byDay = new Map(datesOf(f).map((d) => [d, { date: d, collectedCents: 0, payments: 0 }]));
  const byChannel = new Map(PAYMENT_CHANNELS.map((c) => [c, { channel: c, payments: 0, collectedCents: 0 }]));
  let collectedCents = 0;
  let payments = 0;
  let failed = 0;
  for (const r of paymentRows.rows) {
    if (!r.ok) {
      failed += r.n;
      continue;
    }
    const cents = Number(r.cents ?? 0);
    collectedCents += cents;
    payments += r.n;
    const day = byDay.get(r.local_date);
    if (day) {
      day.collectedCents += cents;
      day.payments += r.n;
    }
    const ch = byChannel.get(r.channel) ?? byChannel.get("desk")!;
    ch.payments += r.n;
    ch.collectedCents += cents;
  }
  failed += phoneFailed.rows[0]?.n ?? 0;
  const refunds = refundRows.rows[0];
  const links = linkRows.rows[0];
  const cases = caseRows.rows[0];
  const round1 = (v: string | number | null | undefined) => (v == null ? null : Math.round(Number(v) * 10) / 10);
  return {
    collectedCents,
    payments,
    refundedCents: Number(refunds?.cents ?? 0),
    refunds: refunds?.n ?? 0,
    failed,
    successRate: ratio(payments, payments + failed),
    byChannel: [...byChannel.values()],
    links: {
      created: links?.created ?? 0,
      paid: links?.paid ?? 0,
      conversion: ratio(links?.paid ?? 0, links?.created ?? 0),
      averageHoursToPay: round1(links?.hours),
    },
    collections: {
      opened: cases?.opened ?? 0,
      paid: cases?.paid ?? 0,
      optedOut: cases?.opted_out ?? 0,
      textsSent: cases?.texts ?? 0,
      averageDaysToPay: round1(cases?.days),
    },
    byDay: [...byDay.values()],
  };
}

export interface OutstandingFigures {
  /** Everything tenants owe now (the ledger's balance of rentals that owe). */
  owedCents: number;
  tenantsOwing: number;
  /** Open collection cases (active or on hold): tenants past due and what was past due. */
  pastDueCents: number;
  tenantsPastDue: number;
}

/** What is owed now (not a period): rentals' balances by the rental_owing index, and open collection cases. */
export async function outstandingFor(
  tx: Executor,
  organizationId: string,
  facilityId: string | null,
): Promise<OutstandingFigures> {
  const owed = await tx.execute<{ cents: string | number | null; n: number }>(sql`
    SELECT sum(r.balance_cents) AS cents, count(DISTINCT r.customer_id)::int AS n
    FROM rental r WHERE r.organization_id = ${organizationId} AND r.balance_cents > 0 ${facilityFilter(sql`r.facility_id`, facilityId)}`);
  const late = await tx.execute<{ cents: string | number | null; n: number }>(sql`
    SELECT sum(c.past_due_cents) AS cents, count(DISTINCT c.customer_id)::int AS n
    FROM collection_case c WHERE c.organization_id = ${organizationId} AND c.status IN ('active', 'held')
    ${facilityFilter(sql`c.facility_id`, facilityId)}`);
  return {
    owedCents: Number(owed.rows[0]?.cents ?? 0),
    tenantsOwing: owed.rows[0]?.n ?? 0,
    pastDueCents: Number(late.rows[0]?.cents ?? 0),
    tenantsPastDue: late.rows[0]?.n ?? 0,
  };
}
