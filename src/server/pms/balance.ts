import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";

import { env } from "@/env";
import { withOrg, type Executor } from "@/server/db/client";
import {
  customer,
  PMS_LIVE_STATUSES,
  PMS_PROVIDER_NAMES,
  pmsBalance,
  pmsConnection,
  pmsFacilityMap,
  rental,
  type PmsProvider,
} from "@/server/db/schema";
import { customerBalance, type CustomerBalance } from "@/server/domain/ledger/balance";
import { adapterFor } from "@/server/integrations/pms";
import { PmsError, type PmsTenantAccount } from "@/server/integrations/pms/types";
import { log } from "@/server/log";

import { hasLivePms } from "./presence";

/**
 * The balance of a tenant whose rental is at a facility a live PMS connection manages comes from the
 * PMS (issue 16, item 2; docs/payments.md, "Balance from the PMS"): its ledger is the operator's
 * books. It is read through the adapter (findTenantByPhone) with a short budget and kept in
 * `pms_balance`, one row per customer, with when it was read:
 *   - a copy younger than PMS_BALANCE_FRESH_MS is used without asking again (a customer page opened
 *     twice, an agent turn after the page, the sweep after a pay link);
 *   - otherwise the PMS is asked, outside any transaction (refreshPmsBalance) except in an agent turn,
 *     which already waits on the PMS within its budget (the documented exception, tenant-lookup.ts);
 *   - the PMS slow, down or refusing: the last copy stays, with its age and the error, and every reader
 *     says "last known $X as of <time>"; never read at all, there is no number (null), never one of
 *     ours made up for a tenant whose charges are in the PMS;
 *   - the PMS does not know the phone on file: our own ledger answers, and says so (source "ledger").
 * Money acts only on a fresh-enough copy: a pay link on one at most PMS_BALANCE_PAY_MAX_AGE_MS old,
 * collections on one at most PMS_BALANCE_COLLECTIONS_MAX_AGE_MS old (the sweep refreshes them).
 *
 * What we took and the PMS has not counted yet is taken off its figure (unreflectedPaymentsSql):
 * storEDGE counts a payment once its write-back posted it (before the copy was read); Stora cannot
 * record payments (a note; staff mark the invoice paid), so a payment we took on or after the oldest
 * open invoice's date counts against the open invoices until staff close them.
 */
export const PMS_BALANCE_FRESH_MS = 60_000;
export const PMS_BALANCE_PAY_MAX_AGE_MS = 15 * 60_000;
export const PMS_BALANCE_COLLECTIONS_MAX_AGE_MS = 30 * 60_000;

export interface PmsBalanceView {
  provider: string;
  connectionId: string;
  /**
   * fresh: read within PMS_BALANCE_FRESH_MS; stale: the last copy, older (the PMS did not answer or
   * was not asked); unavailable: never read (no number).
   */
  state: "fresh" | "stale" | "unavailable";
  /** What the customer owes by the PMS, less what we took that it has not counted yet; null: unknown. */
  balanceCents: number | null;
  /** The PMS's own figure, as read. */
  pmsBalanceCents: number | null;
  pastDueSince: string | null;
  /** When the copy was read from the PMS (null: never). */
  asOf: Date | null;
  /** Why the last attempt failed, in the adapter's words (no phone, no credentials in it). */
  error: string | null;
}

export type CustomerBalanceSource =
  | { source: "ledger"; ledger: CustomerBalance; pmsProvider: string | null }
  | { source: "pms"; ledger: CustomerBalance; pms: PmsBalanceView };

/** The live connection managing one of the customer's current rentals, with the phone on file. */
async function pmsTargetOf(tx: Executor, organizationId: string, customerId: string) {
  const [row] = await tx
    .select({ connection: pmsConnection, phone: customer.phone })
    .from(rental)
    .innerJoin(
      pmsFacilityMap,
      and(eq(pmsFacilityMap.organizationId, organizationId), eq(pmsFacilityMap.facilityId, rental.facilityId)),
    )
    .innerJoin(
      pmsConnection,
      and(eq(pmsConnection.id, pmsFacilityMap.connectionId), inArray(pmsConnection.status, PMS_LIVE_STATUSES)),
    )
    .innerJoin(customer, and(eq(customer.organizationId, organizationId), eq(customer.id, rental.customerId)))
    .where(and(eq(rental.organizationId, organizationId), eq(rental.customerId, customerId), isNull(rental.movedOutAt)))
    .orderBy(asc(rental.createdAt))
    .limit(1);
  return row ?? null;
}

/**
 * Our payments the PMS copy does not count yet (see above), net of refunds, for one customer; used
 * as a correlated sub-select too (collections), so it takes SQL for the customer and the copy.
 */
export const unreflectedPaymentsSql = (
  organizationId: string,
  customerIdSql: ReturnType<typeof sql>,
  provider: ReturnType<typeof sql>,
  fetchedAt: ReturnType<typeof sql>,
  pastDueSince: ReturnType<typeof sql>,
) => sql<number>`(select coalesce(sum(p.amount_cents - p.refunded_cents), 0)::int
    from payment p join pms_write_back w
      on w.organization_id = p.organization_id and w.kind = 'payment' and w.local_id = p.id
    where p.organization_id = ${organizationId} and p.customer_id = ${customerIdSql}
      and p.status in ('succeeded', 'partially_refunded') and p.source in ('app', 'stripe')
      and case when ${provider} = 'stora'
        then w.status in ('pending', 'succeeded') and ${pastDueSince}::date is not null
          and p.received_at >= ${pastDueSince}::date
        else w.status = 'pending' or (w.status = 'succeeded' and w.updated_at > ${fetchedAt}::timestamptz)
      end)`;

function stateOf(fetchedAt: Date | null, now: Date): PmsBalanceView["state"] {
  if (!fetchedAt) return "unavailable";
  return now.getTime() - fetchedAt.getTime() <= PMS_BALANCE_FRESH_MS ? "fresh" : "stale";
}

/**
 * The customer's balance and where it comes from, from what is stored (the ledger, and the PMS copy
 * refreshPmsBalance keeps): no network call, so any transaction can ask.
 */
export async function balanceOf(
  tx: Executor,
  organizationId: string,
  customerId: string,
  now = new Date(),
): Promise<CustomerBalanceSource> {
  const ledger = await customerBalance(tx, organizationId, customerId);
  if (!(await hasLivePms(tx, organizationId))) return { source: "ledger", ledger, pmsProvider: null };
  const target = await pmsTargetOf(tx, organizationId, customerId);
  if (!target) return { source: "ledger", ledger, pmsProvider: null };
  const provider = PMS_PROVIDER_NAMES[target.connection.provider];
  const [row] = await tx
    .select({
      b: pmsBalance,
      unreflected: unreflectedPaymentsSql(
        organizationId,
        sql`${customerId}::uuid`,
        sql`${target.connection.provider}::text`,
        sql`${pmsBalance.fetchedAt}`,
        sql`${pmsBalance.pastDueSince}`,
      ),
    })
    .from(pmsBalance)
    .where(
      and(
        eq(pmsBalance.organizationId, organizationId),
        eq(pmsBalance.customerId, customerId),
        eq(pmsBalance.connectionId, target.connection.id),
      ),
    );
  // The PMS does not know the phone on file: our ledger is all there is, and it says so.
  if (row?.b.status === "not_found") return { source: "ledger", ledger, pmsProvider: provider };
  const fetchedAt = row?.b.fetchedAt ?? null;
  const raw = row?.b.balanceCents ?? null;
  return {
    source: "pms",
    ledger,
    pms: {
      provider,
      connectionId: target.connection.id,
      state: stateOf(fetchedAt, now),
      balanceCents: raw === null ? null : raw - Number(row?.unreflected ?? 0),
      pmsBalanceCents: raw,
      pastDueSince: row?.b.pastDueSince ?? null,
      asOf: fetchedAt,
      error: row?.b.lastError ?? null,
    },
  };
}

/** Stores what a read of the PMS came to: the account, "not known there", or the error (keeping the last copy). */
async function storeRead(
  tx: Executor,
  organizationId: string,
  customerId: string,
  connectionId: string,
  read: { account: PmsTenantAccount | null } | { error: string },
  now: Date,
) {
  const base = { organizationId, customerId, connectionId, checkedAt: now };
  if ("error" in read) {
    await tx
      .insert(pmsBalance)
      .values({ ...base, lastError: read.error })
      .onConflictDoUpdate({
        target: [pmsBalance.organizationId, pmsBalance.customerId],
        // Another connection's copy is not this one's last known balance.
        set: {
          checkedAt: now,
          lastError: read.error,
          connectionId,
          status: sql`case when ${pmsBalance.connectionId} = ${connectionId} then ${pmsBalance.status} end`,
          balanceCents: sql`case when ${pmsBalance.connectionId} = ${connectionId} then ${pmsBalance.balanceCents} end`,
          pastDueSince: sql`case when ${pmsBalance.connectionId} = ${connectionId} then ${pmsBalance.pastDueSince} end`,
          fetchedAt: sql`case when ${pmsBalance.connectionId} = ${connectionId} then ${pmsBalance.fetchedAt} end`,
          externalId: sql`case when ${pmsBalance.connectionId} = ${connectionId} then ${pmsBalance.externalId} end`,
        },
      });
    return;
  }
  const a = read.account;
  const values = {
    status: a ? ("found" as const) : ("not_found" as const),
    externalId: a?.externalId ?? null,
    balanceCents: a?.balanceCents ?? null,
    pastDueSince: a && a.balanceCents > 0 ? a.pastDueSince : null,
    fetchedAt: now,
    lastError: null,
  };
  await tx
    .insert(pmsBalance)
    .values({ ...base, ...values })
    .onConflictDoUpdate({
      target: [pmsBalance.organizationId, pmsBalance.customerId],
      set: { ...values, connectionId, checkedAt: now },
    });
}

/**
 * Stores what the agent's tenant lookup already read (get_account: the account, "not known there",
 * or the PMS's error), so the customer page, the pay link and collections see the same figure
 * without asking the PMS again. Only for a customer whose rental a live connection manages.
 */
export async function rememberPmsLookup(
  tx: Executor,
  organizationId: string,
  customerId: string,
  read: { account: PmsTenantAccount | null } | { error: string },
  now = new Date(),
) {
  const target = await pmsTargetOf(tx, organizationId, customerId);
  if (target) await storeRead(tx, organizationId, customerId, target.connection.id, read, now);
}

async function readPms(
  connection: typeof pmsConnection.$inferSelect,
  phone: string | null,
  budgetMs: number,
): Promise<{ account: PmsTenantAccount | null } | { error: string; transient: boolean }> {
  if (!phone) return { account: null };
  try {
    return { account: await adapterFor(connection, { budgetMs }).findTenantByPhone(phone) };
  } catch (err) {
    if (!(err instanceof PmsError)) throw err;
    return { error: err.pmsMessage ?? err.message, transient: err.transient };
  }
}

export interface RefreshOptions {
  /** The whole read's budget (default PMS_BOOKING_BUDGET_MS: a person or a voice turn waits on it). */
  budgetMs?: number;
  /** A copy at most this old is used without asking (default PMS_BALANCE_FRESH_MS). */
  maxAgeMs?: number;
  now?: Date;
}

/**
 * Asks the PMS for the customer's balance when the stored copy is older than `maxAgeMs`, between
 * transactions (the read is the only network call; nothing is held open while it runs). A no-op for
 * an organization without a live PMS, or a customer without a rental the PMS manages. Never throws
 * for the PMS's trouble: it is stored, and balanceOf says it.
 */
export async function refreshPmsBalance(
  organizationId: string,
  customerId: string,
  opts: RefreshOptions = {},
): Promise<{ connectionId: string; outcome: "read" | "failed" | "unreachable" } | null> {
  const now = opts.now ?? new Date();
  const target = await withOrg(organizationId, async (tx) => {
    if (!(await hasLivePms(tx, organizationId))) return null;
    const t = await pmsTargetOf(tx, organizationId, customerId);
    if (!t) return null;
    const [row] = await tx
      .select({
        checkedAt: pmsBalance.checkedAt,
        fetchedAt: pmsBalance.fetchedAt,
        connectionId: pmsBalance.connectionId,
      })
      .from(pmsBalance)
      .where(and(eq(pmsBalance.organizationId, organizationId), eq(pmsBalance.customerId, customerId)));
    const maxAge = opts.maxAgeMs ?? PMS_BALANCE_FRESH_MS;
    const young =
      row?.connectionId === t.connection.id && row.fetchedAt && now.getTime() - row.fetchedAt.getTime() <= maxAge;
    return young ? null : t;
  });
  if (!target || target.connection.status !== "active") return null;
  const read = await readPms(target.connection, target.phone, opts.budgetMs ?? env.PMS_BOOKING_BUDGET_MS);
  if ("error" in read)
    log.warn({ organizationId, connectionId: target.connection.id }, "PMS balance read failed; the last copy stands");
  await withOrg(organizationId, (tx) => storeRead(tx, organizationId, customerId, target.connection.id, read, now));
  const outcome = !("error" in read) ? "read" : read.transient ? "unreachable" : "failed";
  return { connectionId: target.connection.id, outcome };
}

/**
 * The same read inside the caller's transaction, for an agent turn (which holds its transaction
 * while it waits on the PMS, within the budget, like the tenant lookup).
 */
export async function refreshPmsBalanceIn(
  tx: Executor,
  organizationId: string,
  customerId: string,
  opts: RefreshOptions = {},
) {
  const now = opts.now ?? new Date();
  if (!(await hasLivePms(tx, organizationId))) return;
  const target = await pmsTargetOf(tx, organizationId, customerId);
  if (!target || target.connection.status !== "active") return;
  const [row] = await tx
    .select({ fetchedAt: pmsBalance.fetchedAt, connectionId: pmsBalance.connectionId })
    .from(pmsBalance)
    .where(and(eq(pmsBalance.organizationId, organizationId), eq(pmsBalance.customerId, customerId)));
  const maxAge = opts.maxAgeMs ?? PMS_BALANCE_FRESH_MS;
  if (row?.connectionId === target.connection.id && row.fetchedAt && now.getTime() - row.fetchedAt.getTime() <= maxAge)
    return;
  const read = await readPms(target.connection, target.phone, opts.budgetMs ?? env.PMS_BOOKING_BUDGET_MS);
  await storeRead(tx, organizationId, customerId, target.connection.id, read, now);
}

/**
 * Before collections plan an organization: every customer with a current rental the PMS manages whose
 * copy is older than `maxAgeMs` is read again, one by one between transactions, each within the budget.
 * The per-tenant read is the adapters' tenant lookup (storEDGE: ledgers/search by phone; Stora: the
 * contact and its open invoices), so the cost follows the PMS tenants we rented to.
 */
export async function refreshPmsBalancesOf(organizationId: string, opts: RefreshOptions = {}) {
  const ids = await withOrg(organizationId, async (tx) => {
    if (!(await hasLivePms(tx, organizationId))) return [];
    const rows = await tx
      .selectDistinct({ customerId: rental.customerId, connectionId: pmsConnection.id })
      .from(rental)
      .innerJoin(
        pmsFacilityMap,
        and(eq(pmsFacilityMap.organizationId, organizationId), eq(pmsFacilityMap.facilityId, rental.facilityId)),
      )
      .innerJoin(
        pmsConnection,
        and(eq(pmsConnection.id, pmsFacilityMap.connectionId), eq(pmsConnection.status, "active")),
      )
      .where(and(eq(rental.organizationId, organizationId), isNull(rental.movedOutAt)));
    return rows;
  });
  // A connection that did not answer (down or slow) is not asked again in this pass: its tenants keep
  // their copies' ages (collections leave them be), and the sweep is not N budgets long in an outage.
  const down = new Set<string>();
  let read = 0;
  for (const { customerId, connectionId } of ids) {
    if (down.has(connectionId)) continue;
    const r = await refreshPmsBalance(organizationId, customerId, { maxAgeMs: PMS_BALANCE_FRESH_MS * 5, ...opts });
    if (r?.outcome === "unreachable") down.add(r.connectionId);
    if (r?.outcome === "read") read++;
  }
  return { tenants: ids.length, read, unreachable: down.size };
}

export type { PmsProvider };
