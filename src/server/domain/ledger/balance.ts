import { and, desc, eq, isNull, sql, type SQL } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import { ledgerEntry } from "@/server/db/schema";

/**
 * Balances are computed from the ledger, never stored apart from it: what the customer owes is
 * sum(charges + refunds) - sum(payments + credits). (rental.balance_cents is a cache of the same sum
 * kept by a trigger, for the rent roll and other readers of the rental row.)
 */
export const signedAmount = sql<number>`case when ${ledgerEntry.kind} in ('charge', 'refund') then ${ledgerEntry.amountCents} else -${ledgerEntry.amountCents} end`;

export type LedgerScope = { customerId: string } | { rentalId: string } | { reservationId: string };

function scopeWhere(organizationId: string, scope: LedgerScope): SQL {
  const org = eq(ledgerEntry.organizationId, organizationId);
  if ("rentalId" in scope) return and(org, eq(ledgerEntry.rentalId, scope.rentalId))!;
  // A reservation's entries count for its rental once it moved in.
  if ("reservationId" in scope)
    return and(org, eq(ledgerEntry.reservationId, scope.reservationId), isNull(ledgerEntry.rentalId))!;
  return and(org, eq(ledgerEntry.customerId, scope.customerId))!;
}

/** The balance of a customer (all their rentals and reservations), a rental, or a reservation. */
export async function ledgerBalance(tx: Executor, organizationId: string, scope: LedgerScope): Promise<number> {
  const [r] = await tx
    .select({ cents: sql<string>`coalesce(sum(${signedAmount}), 0)` })
    .from(ledgerEntry)
    .where(scopeWhere(organizationId, scope));
  return Number(r?.cents ?? 0);
}

export interface CustomerBalance {
  customerId: string;
  balanceCents: number;
  rentals: { rentalId: string; balanceCents: number }[];
  /** Reservations not moved in yet that carry entries (a prepaid move-in). */
  reservations: { reservationId: string; balanceCents: number }[];
}

/** The customer's balance, and how it splits over rentals and reservations. */
export async function customerBalance(
  tx: Executor,
  organizationId: string,
  customerId: string,
): Promise<CustomerBalance> {
  const rows = await tx
    .select({
      rentalId: ledgerEntry.rentalId,
      reservationId: sql<
        string | null
      >`case when ${ledgerEntry.rentalId} is null then ${ledgerEntry.reservationId} end`,
      cents: sql<string>`sum(${signedAmount})`,
    })
    .from(ledgerEntry)
    .where(scopeWhere(organizationId, { customerId }))
    .groupBy(ledgerEntry.rentalId, sql`2`);
  const out: CustomerBalance = { customerId, balanceCents: 0, rentals: [], reservations: [] };
  for (const r of rows) {
    const cents = Number(r.cents);
    out.balanceCents += cents;
    if (r.rentalId) out.rentals.push({ rentalId: r.rentalId, balanceCents: cents });
    else if (r.reservationId) out.reservations.push({ reservationId: r.reservationId, balanceCents: cents });
  }
  return out;
}

/** Entries newest first, with the running balance of the scope after each. */
export async function listLedgerEntries(
  tx: Executor,
  organizationId: string,
  scope: LedgerScope,
  opts: { limit?: number } = {},
) {
  const rows = await tx
    .select({
      id: ledgerEntry.id,
      customerId: ledgerEntry.customerId,
      rentalId: ledgerEntry.rentalId,
      reservationId: ledgerEntry.reservationId,
      facilityId: ledgerEntry.facilityId,
      kind: ledgerEntry.kind,
      category: ledgerEntry.category,
      amountCents: ledgerEntry.amountCents,
      description: ledgerEntry.description,
      paymentId: ledgerEntry.paymentId,
      source: ledgerEntry.source,
      effectiveAt: ledgerEntry.effectiveAt,
      createdAt: ledgerEntry.createdAt,
      balanceAfterCents: sql<string>`sum(${signedAmount}) over (order by ${ledgerEntry.effectiveAt}, ${ledgerEntry.createdAt}, ${ledgerEntry.id})`,
    })
    .from(ledgerEntry)
    .where(scopeWhere(organizationId, scope))
    .orderBy(desc(ledgerEntry.effectiveAt), desc(ledgerEntry.createdAt), desc(ledgerEntry.id))
    .limit(Math.min(opts.limit ?? 200, 1000));
  return rows.map((r) => ({ ...r, balanceAfterCents: Number(r.balanceAfterCents) }));
}
