import { sql } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import { localDate } from "@/server/domain/facilities/local-date";
import { PMS_BALANCE_COLLECTIONS_MAX_AGE_MS, unreflectedPaymentsSql } from "@/server/pms/balance";
import { hasLivePms } from "@/server/pms/presence";

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

interface PmsRow extends Record<string, unknown> {
  customer_id: string;
  facility_id: string;
  time_zone: string | null;
  status: string | null;
  balance_cents: number | null;
  past_due_since: string | null;
  fetched_at: Date | string | null;
  unreflected: number | string | null;
}

/**
 * Who is past due, with the PMS as the judge for tenants whose rental a live PMS connection manages
 * (docs/payments.md, "Balance from the PMS"): their due date is the PMS's oldest unpaid date and
 * their balance the PMS's copy (less what we took that it has not counted yet). A copy older than
 * PMS_BALANCE_COLLECTIONS_MAX_AGE_MS, or none, makes the tenant `unknown`: no case is opened, no
 * step is sent and no case is closed as paid for them until the PMS is read again. A tenant the PMS
 * does not know by phone is judged from our ledger, as before.
 */
export async function findOverdueWithPms(
  tx: Executor,
  organizationId: string,
  now: Date,
  opts: { customerId?: string } = {},
): Promise<{ overdue: Overdue[]; unknown: Set<string> }> {
  const ledger = await findOverdue(tx, organizationId, now, opts);
  if (!(await hasLivePms(tx, organizationId))) return { overdue: ledger, unknown: new Set() };
  const only = opts.customerId ? sql`and r.customer_id = ${opts.customerId}` : sql``;
  const res = await tx.execute<PmsRow>(sql`
    with t as (
      select distinct on (r.customer_id) r.customer_id, r.facility_id, c.id as connection_id, c.provider
      from rental r
      join pms_facility_map m on m.organization_id = r.organization_id and m.facility_id = r.facility_id
      join pms_connection c on c.id = m.connection_id and c.status in ('active', 'needs_credentials')
      where r.organization_id = ${organizationId} and r.moved_out_at is null ${only}
      order by r.customer_id, r.created_at
    )
    select t.customer_id, t.facility_id, f.time_zone, b.status, b.balance_cents, b.past_due_since::text as past_due_since,
           b.fetched_at,
           ${unreflectedPaymentsSql(organizationId, sql`t.customer_id`, sql`t.provider`, sql`b.fetched_at`, sql`b.past_due_since`)} as unreflected
    from t
    join facility f on f.id = t.facility_id
    left join pms_balance b on b.organization_id = ${organizationId} and b.customer_id = t.customer_id
      and b.connection_id = t.connection_id`);
  const judged = new Set<string>();
  const unknown = new Set<string>();
  const overdue: Overdue[] = [];
  for (const r of res.rows) {
    if (r.status === "not_found") continue; // not the PMS's tenant: our ledger judges
    judged.add(r.customer_id);
    const fetchedAt = r.fetched_at ? new Date(r.fetched_at) : null;
    if (!fetchedAt || now.getTime() - fetchedAt.getTime() > PMS_BALANCE_COLLECTIONS_MAX_AGE_MS) {
      unknown.add(r.customer_id);
      continue;
    }
    const tz = r.time_zone ?? "America/New_York";
    const owed = Number(r.balance_cents ?? 0) - Number(r.unreflected ?? 0);
    if (owed <= 0 || !r.past_due_since || r.past_due_since >= localDate(tz, now)) continue;
    overdue.push({
      customerId: r.customer_id,
      facilityId: r.facility_id,
      timeZone: tz,
      dueDate: r.past_due_since,
      balanceCents: owed,
      pastDueCents: owed,
    });
  }
  return { overdue: [...ledger.filter((o) => !judged.has(o.customerId)), ...overdue], unknown };
}
