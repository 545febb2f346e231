import { and, eq, isNull, like, sql } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import { ledgerEntry, type LedgerCategory } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import type { QuoteLine } from "@/server/domain/pricing";

import { postLedgerEntries, type LedgerPosting } from "./post-entries";

const CATEGORY: Record<QuoteLine["code"], LedgerCategory> = {
  rent: "rent",
  promotion: "promotion",
  protection: "protection",
  admin_fee: "admin_fee",
  fee: "fee",
  deposit: "deposit",
  tax: "tax",
};

/** The external id prefix of a reservation's move-in charges: posted once, whoever posts them first. */
export const moveInKey = (reservationId: string) => `move-in:${reservationId}`;

/**
 * A quote's lines as ledger entries: positive lines are charges, a negative one (a promotion) a
 * credit, zero lines nothing. The sum of the entries is the quote's due-at-move-in amount.
 */
export function quoteLinePostings(
  lines: readonly QuoteLine[],
  target: { customerId: string; facilityId: string; reservationId?: string | null; rentalId?: string | null },
  keyPrefix: string,
): LedgerPosting[] {
  return lines.flatMap((l, i): LedgerPosting[] =>
    l.amountCents === 0
      ? []
      : [
          {
            ...target,
            kind: l.amountCents > 0 ? "charge" : "credit",
            category: CATEGORY[l.code] ?? "fee",
            amountCents: Math.abs(l.amountCents),
            description: l.label,
            externalId: `${keyPrefix}:${i}:${l.code}`,
          },
        ],
  );
}

/** Whether a reservation's move-in charges are already on the ledger (a prepaid move-in). */
export async function hasMoveInCharges(tx: Executor, organizationId: string, reservationId: string) {
  const [r] = await tx
    .select({ n: sql<number>`1` })
    .from(ledgerEntry)
    .where(
      and(
        eq(ledgerEntry.organizationId, organizationId),
        eq(ledgerEntry.reservationId, reservationId),
        like(ledgerEntry.externalId, `${moveInKey(reservationId)}:%`),
      ),
    )
    .limit(1);
  return Boolean(r);
}

/** Posts a reservation's move-in charges from a quote, unless they are already there. */
export async function postMoveInCharges(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  input: {
    customerId: string;
    facilityId: string;
    reservationId: string;
    rentalId?: string | null;
    lines: readonly QuoteLine[];
  },
) {
  if (await hasMoveInCharges(tx, organizationId, input.reservationId)) return { posted: [], skipped: 0 };
  const { lines, ...target } = input;
  return postLedgerEntries(tx, organizationId, actor, quoteLinePostings(lines, target, moveInKey(input.reservationId)));
}

/** At move-in: the reservation's entries (a prepaid move-in) become the rental's. */
export async function moveReservationLedgerToRental(
  tx: Executor,
  organizationId: string,
  reservationId: string,
  rentalId: string,
) {
  await tx
    .update(ledgerEntry)
    .set({ rentalId })
    .where(
      and(
        eq(ledgerEntry.organizationId, organizationId),
        eq(ledgerEntry.reservationId, reservationId),
        isNull(ledgerEntry.rentalId),
      ),
    );
}
