import { sql } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import { localDate } from "@/server/domain/facilities/local-date";

/**
 * Who is past due, and since when. Payments and credits (less refunds) pay the oldest charges
 * first; the due date is the effective date of the oldest charge they have not covered, on its
 * facility's clock. A tenant is past due once that date is before today there and they owe money.
 * Candidates are the customers with a rental owing something (rental.balance_cents, the ledger's
 * cached sum, by the partial index rental_owing), so the cost follows the owing tenants, not the
 * ledger's history of everyone.
 */
export interface Overdue {
  customerId: string;
  facilityId: string | null;
  timeZone: string;
  /** The oldest uncovered charge's local date. */
  dueDate: string;
  /** Everything owed (the balance), future-dated charges included. */
  balanceCents: number;
  /** What was due by `now`: charges effective by then, less payments and credits. */
  pastDueCents: number;
}

interface Row extends Record<string, unknown> {
  customer_id: string;
  due_at: Date | string | null;
  facility_id: string | null;
  time_zone: string | null;
  balance: string | number;
  past_due: string | number;
}

export async function findOverdue(
  tx: Executor,
  organizationId: string,
  now: Date,
  opts: { customerId?: string } = {},
): Promise<Overdue[]> {
  const only = opts.customerId ? sql`and r.customer_id = ${opts.customerId}` : sql``;
  const res = await tx.execute<Row>(sql`
    with owing as (
      select distinct r.customer_id from rental r
      where r.organization_id = ${organizationId} and r.balance_cents > 0 ${only}
    ), e as materialized (
      select le.id, le.customer_id, le.kind, le.amount_cents, le.effective_at,
             coalesce(le.facility_id, (select facility_id from rental where rental.id = le.rental_id)) as facility_id
      from ledger_entry le join owing o on o.customer_id = le.customer_id
      where le.organization_id = ${organizationId}
    ), paid as (
      select customer_id,
             sum(case when kind in ('payment', 'credit') then amount_cents else -amount_cents end) as paid
      from e where kind <> 'charge' group by customer_id
    ), ch as (
      select e.*, sum(amount_cents) over (partition by customer_id order by effective_at, id) as cum
      from e where kind = 'charge'
    ), agg as (
      select ch.customer_id,
             coalesce(max(p.paid), 0) as paid,
             sum(ch.amount_cents) as charged,
             sum(ch.amount_cents) filter (where ch.effective_at <= ${now.toISOString()}::timestamptz) as charged_due,
             (array_agg(ch.effective_at order by ch.effective_at, ch.id) filter (where ch.cum > coalesce(p.paid, 0)))[1] as due_at,
             (array_agg(ch.facility_id order by ch.effective_at, ch.id) filter (where ch.cum > coalesce(p.paid, 0)))[1] as facility_id
      from ch left join paid p on p.customer_id = ch.customer_id
      group by ch.customer_id
    )
    select agg.customer_id, agg.due_at, agg.facility_id,
           (select time_zone from facility f where f.id = agg.facility_id) as time_zone,
           agg.charged - agg.paid as balance,
           coalesce(agg.charged_due, 0) - agg.paid as past_due
    from agg
    where agg.charged - agg.paid > 0 and agg.due_at is not null and agg.due_at <= ${now.toISOString()}::timestamptz
  `);
  const out: Overdue[] = [];
  for (const r of res.rows) {
    const tz = r.time_zone ?? "America/New_York";
    const dueDate = localDate(tz, new Date(r.due_at!));
    if (dueDate >= localDate(tz, now)) continue; // due today: not late yet
    out.push({
      customerId: r.customer_id,
      facilityId: r.facility_id,
      timeZone: tz,
      dueDate,
      balanceCents: Number(r.balance),
      pastDueCents: Math.max(0, Number(r.past_due)),
    });
  }
  return out;
}
