import { sql, type SQL } from "drizzle-orm";

import { db } from "@/server/db/client";
import { dbosAppName, dbosAppVersion, dbosSystemSchema } from "@/server/jobs/config";
import { WORKFLOWS } from "@/server/jobs/names";

/**
 * Invariants the data must keep whatever the code did, checked by `npm run db:check` and by the
 * hourly `consistencyCheck` workflow (which alerts each affected organization's owners and the
 * service's logs and metrics). Each check is one query on the system connection that returns the
 * rows breaking it, at most LIMIT of them, with the organization and the subject so a person can
 * find them. A check never changes anything.
 *
 * The checks are written against states the code never leaves behind, so a finding means a bug,
 * a manual edit, or a restore that lost part of a transaction's effects: each has a test that breaks
 * its invariant by hand and sees it reported (src/server/consistency/checks.integration.test.ts).
 */
export const LIMIT = 100;

export interface Violation {
  organizationId: string | null;
  subject: string;
  detail: string;
}

export interface Check {
  name: string;
  /** What must hold, in a sentence. */
  invariant: string;
  find: () => Promise<Violation[]>;
}

async function rows(query: SQL): Promise<Violation[]> {
  const res = await db.execute<{ organization_id: string | null; subject: string; detail: string }>(query);
  return res.rows.map((r) => ({ organizationId: r.organization_id, subject: String(r.subject), detail: r.detail }));
}

const unitStatus: Check = {
  name: "unit-status",
  invariant:
    "every unit's status agrees with its reservations and rentals: reserved exactly while an active reservation holds it, occupied exactly while a rental is current",
  find: () =>
    rows(sql`
      select u.organization_id, u.id::text as subject,
             'unit ' || u.number || ' is ' || u.status ||
             case when r.id is not null then ' with current rental ' || r.id
                  when res.id is not null then ' with active reservation ' || res.id
                  else ' with no active reservation or current rental' end as detail
        from unit u
        left join rental r on r.unit_id = u.id and r.moved_out_at is null
        left join reservation res on res.unit_id = u.id and res.status = 'active'
       where (u.status = 'reserved' and (res.id is null or r.id is not null))
          or (u.status = 'occupied' and r.id is null)
          or (u.status in ('available', 'unavailable') and (r.id is not null or res.id is not null))
       limit ${LIMIT}`),
};

const doubleBooking: Check = {
  name: "double-booking",
  invariant:
    "no unit has two active reservations or two current rentals, no unit is both held and rented, and no reservation became two rentals",
  find: () =>
    rows(sql`
      (select organization_id, unit_id::text as subject, count(*) || ' active reservations on one unit' as detail
         from reservation where status = 'active' group by organization_id, unit_id having count(*) > 1 limit ${LIMIT})
      union all
      (select organization_id, unit_id::text, count(*) || ' current rentals on one unit'
         from rental where moved_out_at is null group by organization_id, unit_id having count(*) > 1 limit ${LIMIT})
      union all
      (select res.organization_id, res.unit_id::text, 'active reservation ' || res.id || ' on a unit rented by rental ' || r.id
         from reservation res join rental r on r.unit_id = res.unit_id and r.moved_out_at is null
        where res.status = 'active' and r.reservation_id is distinct from res.id limit ${LIMIT})
      union all
      (select organization_id, reservation_id::text, 'reservation became ' || count(*) || ' rentals (units ' || string_agg(unit_id::text, ', ') || ')'
         from rental where reservation_id is not null group by organization_id, reservation_id having count(*) > 1 limit ${LIMIT})
      limit ${LIMIT}`),
};

const usageTotals: Check = {
  name: "usage-totals",
  invariant:
    "usage adds up: each row is counted in the month it occurred and is positive, and a call's minutes are its duration rounded up",
  find: () =>
    rows(sql`
      (select organization_id, id::text as subject,
              'period ' || period || ' but occurred in ' || to_char(occurred_at at time zone 'UTC', 'YYYY-MM') || ', quantity ' || quantity as detail
         from usage_record
        where period <> to_char(occurred_at at time zone 'UTC', 'YYYY-MM') or quantity <= 0 limit ${LIMIT})
      union all
      (select u.organization_id, u.id::text,
              'call_minutes ' || u.quantity || ' for a call of ' || coalesce(c.duration_seconds, 0) || ' s' ||
              case when c.id is null then ' (no such call in this organization)' else '' end
         from usage_record u
         left join conversation c on c.id::text = substr(u.source_id, 14) and c.organization_id = u.organization_id
        where u.kind = 'call_minutes' and u.source_id like 'conversation:%'
          and (c.id is null or u.quantity <> ceil(coalesce(c.duration_seconds, 0) / 60.0)::int) limit ${LIMIT})
      limit ${LIMIT}`),
};

/**
 * The ledger is the truth about money; three totals are kept beside it and must agree with it:
 * a rental's `balance_cents` (kept by a trigger, read by collections and the delinquency figures),
 * a payment's amount (a succeeded payment has payment entries for exactly its amount, a pending or
 * failed one none) and a payment's `refunded_cents` (its refund entries; a lost dispute reverses a
 * payment with a refund entry of category `dispute`, which is not a refund of it).
 */
const ledgerTotals: Check = {
  name: "ledger-totals",
  invariant:
    "the ledger adds up: each rental's balance is the sum of its entries, each succeeded payment has payment entries for exactly its amount (others none), and each payment's refunded amount is the sum of its refund entries",
  find: () =>
    rows(sql`
      (select r.organization_id, r.id::text as subject,
              'rental balance ' || r.balance_cents || ' cents, its ledger entries add up to ' || coalesce(l.total, 0) || ' cents' as detail
         from rental r
         left join (select rental_id,
                           sum(case when kind in ('charge', 'refund') then amount_cents else -amount_cents end)::bigint as total
                      from ledger_entry where rental_id is not null group by rental_id) l on l.rental_id = r.id
        where r.balance_cents <> coalesce(l.total, 0) limit ${LIMIT})
      union all
      (select p.organization_id, p.id::text,
              p.status || ' payment of ' || p.amount_cents || ' cents with ' || coalesce(e.paid, 0) || ' cents of payment entries' as detail
         from payment p
         left join (select payment_id, sum(amount_cents)::bigint as paid
                      from ledger_entry where kind = 'payment' and payment_id is not null group by payment_id) e on e.payment_id = p.id
        where coalesce(e.paid, 0) <> case when p.status in ('succeeded', 'partially_refunded', 'refunded') then p.amount_cents else 0 end
        limit ${LIMIT})
      union all
      (select p.organization_id, p.id::text,
              'payment refunded ' || p.refunded_cents || ' cents, its refund entries add up to ' || coalesce(e.refunded, 0) || ' cents' as detail
         from payment p
         left join (select payment_id, sum(amount_cents)::bigint as refunded
                      from ledger_entry where kind = 'refund' and category = 'refund' and payment_id is not null group by payment_id) e on e.payment_id = p.id
        where p.refunded_cents <> coalesce(e.refunded, 0) limit ${LIMIT})
      limit ${LIMIT}`),
};

const rollupTotals: Check = {
  name: "analytics-rollups",
  invariant:
    "the analytics rollups count every conversation once: for an organization with no day waiting to be refolded, the daily rollup's conversations equal its conversation rows",
  find: () =>
    rows(sql`
      with counted as (
        select organization_id, sum(conversations)::bigint as rolled from analytics_conversation_daily group by organization_id
      ), actual as (
        select organization_id, count(*)::bigint as n from conversation group by organization_id
      )
      select coalesce(a.organization_id, c.organization_id) as organization_id, 'analytics_conversation_daily' as subject,
             coalesce(c.rolled, 0) || ' conversations in the rollup, ' || coalesce(a.n, 0) || ' in conversation' as detail
        from actual a full join counted c on c.organization_id = a.organization_id
       where coalesce(c.rolled, 0) <> coalesce(a.n, 0)
         and not exists (select 1 from analytics_dirty_day d where d.organization_id = coalesce(a.organization_id, c.organization_id))
       limit ${LIMIT}`),
};

/**
 * Every single-column foreign key between two tenant tables (both with organization_id), found in
 * the catalog so a new table is covered without editing this file: the row and the row it points at
 * must belong to the same organization. References made with tenantFk (db/schema/tenant-keys.ts)
 * are composite `(organization_id, id)` keys Postgres enforces itself; this reads what is left
 * (an e-mail attachment, whose organization is null for platform mail) and any new table's plain key.
 */
async function tenantForeignKeys(): Promise<{ child: string; column: string; parent: string; parentColumn: string }[]> {
  const res = await db.execute<{ child: string; column: string; parent: string; parent_column: string }>(sql`
    select c.conrelid::regclass::text as child, a.attname as column, c.confrelid::regclass::text as parent, pa.attname as parent_column
      from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      join pg_attribute pa on pa.attrelid = c.confrelid and pa.attnum = c.confkey[1]
     where c.contype = 'f' and array_length(c.conkey, 1) = 1
       and c.connamespace = 'public'::regnamespace
       and exists (select 1 from pg_attribute x where x.attrelid = c.conrelid and x.attname = 'organization_id' and not x.attisdropped)
       and exists (select 1 from pg_attribute y where y.attrelid = c.confrelid and y.attname = 'organization_id' and not y.attisdropped)
       and a.attname <> 'organization_id'
     order by 1, 2`);
  return res.rows.map((r) => ({ child: r.child, column: r.column, parent: r.parent, parentColumn: r.parent_column }));
}

const crossOrganization: Check = {
  name: "cross-organization",
  invariant: "no row points at a row of another organization",
  async find() {
    const found: Violation[] = [];
    for (const fk of await tenantForeignKeys()) {
      const child = sql.identifier(fk.child.replace(/^"|"$/g, ""));
      const parent = sql.identifier(fk.parent.replace(/^"|"$/g, ""));
      found.push(
        ...(await rows(sql`
          select ch.organization_id, coalesce(to_jsonb(ch) ->> 'id', ch.${sql.identifier(fk.column)}::text) as subject,
                 ${`${fk.child}.${fk.column} points at ${fk.parent} `} || p.${sql.identifier(fk.parentColumn)}::text || ' of organization ' || p.organization_id as detail
            from ${child} ch join ${parent} p on p.${sql.identifier(fk.parentColumn)} = ch.${sql.identifier(fk.column)}
           where p.organization_id <> ch.organization_id
           limit ${LIMIT - found.length}`)),
      );
      if (found.length >= LIMIT) break;
    }
    return found;
  },
};

/** As a Postgres text[] literal (drizzle would spread a JS array into a row of parameters). */
const KNOWN_WORKFLOWS = `{${Object.values(WORKFLOWS).join(",")}}`;
/** An outbox row still failing after this long is not going to start by itself. */
const OUTBOX_STUCK = "1 day";

const outboxResumable: Check = {
  name: "outbox",
  invariant:
    "every outbox row names a workflow this code has and is either due or backing off after a recent failure, not failing for a day",
  find: () =>
    rows(sql`
      select organization_id, workflow_id as subject,
             case when not (workflow_name = any(${KNOWN_WORKFLOWS}::text[])) then 'unknown workflow ' || workflow_name
                  else workflow_name || ' failing since ' || created_at || ' after ' || attempts || ' attempts: ' || coalesce(last_error, '') end as detail
        from job_outbox
       where not (workflow_name = any(${KNOWN_WORKFLOWS}::text[]))
          or (attempts > 0 and created_at < now() - ${OUTBOX_STUCK}::interval)
       limit ${LIMIT}`),
};

const workflowsResumable: Check = {
  name: "workflows",
  invariant:
    "every workflow is done or resumable: none ended in error or gave up recovering, and none waits for a code version no process runs",
  async find() {
    const schema = sql.identifier(dbosSystemSchema());
    const exists = await db.execute<{ ok: boolean }>(
      sql`select to_regclass(${`${dbosSystemSchema()}.workflow_status`}) is not null as ok`,
    );
    if (!exists.rows[0]?.ok) return [];
    return rows(sql`
      select (attributes ->> 'organizationId') as organization_id, workflow_uuid as subject,
             name || ' is ' || status ||
             case when status = 'PENDING' then ' for code version ' || coalesce(application_version, '?') || ' (this is ' || ${dbosAppVersion()} || ')'
                  else coalesce(': ' || left(error, 200), '') end as detail
        from ${schema}.workflow_status
       where (application_name = ${dbosAppName()} or application_name is null)
         and (status in ('ERROR', 'MAX_RECOVERY_ATTEMPTS_EXCEEDED')
              or (status in ('PENDING', 'ENQUEUED', 'DELAYED') and application_version <> ${dbosAppVersion()}
                  and updated_at < (extract(epoch from now() - interval '1 day') * 1000)::bigint))
       limit ${LIMIT}`);
  },
};

export const CHECKS: Check[] = [
  unitStatus,
  doubleBooking,
  usageTotals,
  ledgerTotals,
  rollupTotals,
  crossOrganization,
  outboxResumable,
  workflowsResumable,
];

export interface CheckResult {
  name: string;
  invariant: string;
  ok: boolean;
  violations: Violation[];
  /** The check itself failed (a query error): reported, never taken for a pass. */
  error?: string;
  ms: number;
}

export async function runChecks(only?: string[]): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of CHECKS) {
    if (only && !only.includes(check.name)) continue;
    const started = performance.now();
    try {
      const violations = await check.find();
      results.push({
        name: check.name,
        invariant: check.invariant,
        ok: violations.length === 0,
        violations,
        ms: ms(started),
      });
    } catch (err) {
      results.push({
        name: check.name,
        invariant: check.invariant,
        ok: false,
        violations: [],
        error: String(err),
        ms: ms(started),
      });
    }
  }
  return results;
}

const ms = (started: number) => Math.round(performance.now() - started);
