import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";

import type { Executor } from "@/server/db/client";
import { LEDGER_CATEGORIES, LEDGER_KINDS, LEDGER_SOURCES, ledgerEntry, rental, reservation } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { DomainError } from "@/server/domain/errors";
import { coercedDate } from "@/lib/zod-dates";

/**
 * The one way money enters the ledger. Entries are append-only and each belongs to a rental or a
 * reservation of one customer (a reservation's entries follow it to its rental at move-in). A poster
 * that may run twice (a webhook, a PMS sync, a retried job) names its entry with `externalId`: the
 * second posting of the same (source, externalId) adds nothing and is reported as skipped.
 */
export const ZLedgerPosting = z
  .object({
    customerId: z.uuid(),
    rentalId: z.uuid().nullish(),
    reservationId: z.uuid().nullish(),
    facilityId: z.uuid().nullish(),
    kind: z.enum(LEDGER_KINDS),
    category: z.enum(LEDGER_CATEGORIES),
    amountCents: z.number().int().positive().max(100_000_000),
    description: z.string().trim().max(500).default(""),
    paymentId: z.uuid().nullish(),
    source: z.enum(LEDGER_SOURCES).default("app"),
    externalId: z.string().trim().min(1).max(200).nullish(),
    effectiveAt: coercedDate().optional(),
  })
  .refine((p) => p.rentalId || p.reservationId, { message: "A ledger entry belongs to a rental or a reservation." });
export type LedgerPosting = z.input<typeof ZLedgerPosting>;
export type LedgerEntryRow = typeof ledgerEntry.$inferSelect;

export async function postLedgerEntries(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  postings: LedgerPosting[],
): Promise<{ posted: LedgerEntryRow[]; skipped: number }> {
  if (postings.length === 0) return { posted: [], skipped: 0 };
  const parsed = postings.map((p) => {
    const r = ZLedgerPosting.safeParse(p);
    if (!r.success) throw new DomainError("BAD_REQUEST", r.error.issues.map((i) => i.message).join("; "));
    return r.data;
  });
  await assertOwnership(tx, organizationId, parsed);
  const posted = await tx
    .insert(ledgerEntry)
    .values(
      parsed.map((p) => ({
        organizationId,
        customerId: p.customerId,
        rentalId: p.rentalId ?? null,
        reservationId: p.reservationId ?? null,
        facilityId: p.facilityId ?? null,
        kind: p.kind,
        category: p.category,
        amountCents: p.amountCents,
        description: p.description,
        paymentId: p.paymentId ?? null,
        source: p.source,
        externalId: p.externalId ?? null,
        effectiveAt: p.effectiveAt ?? new Date(),
        createdBy: actor.label,
      })),
    )
    // Only the (organization, source, external id) index can conflict: a repeat of a named posting.
    .onConflictDoNothing()
    .returning();
  return { posted, skipped: parsed.length - posted.length };
}

/**
 * Foreign keys are checked without row-level security, so a rental id of another organization (or
 * of another customer) would be accepted by the database: checked here, once per batch.
 */
async function assertOwnership(
  tx: Executor,
  organizationId: string,
  postings: z.output<typeof ZLedgerPosting>[],
): Promise<void> {
  const rentalIds = [...new Set(postings.map((p) => p.rentalId).filter((x): x is string => !!x))];
  const reservationIds = [...new Set(postings.map((p) => p.reservationId).filter((x): x is string => !!x))];
  const rentals = rentalIds.length
    ? await tx
        .select({ id: rental.id, customerId: rental.customerId })
        .from(rental)
        .where(and(eq(rental.organizationId, organizationId), inArray(rental.id, rentalIds)))
    : [];
  const reservations = reservationIds.length
    ? await tx
        .select({ id: reservation.id, customerId: reservation.customerId })
        .from(reservation)
        .where(and(eq(reservation.organizationId, organizationId), inArray(reservation.id, reservationIds)))
    : [];
  for (const p of postings) {
    if (p.rentalId && rentals.find((r) => r.id === p.rentalId)?.customerId !== p.customerId)
      throw new DomainError("NOT_FOUND", "Rental was not found for this customer.");
    if (p.reservationId && reservations.find((r) => r.id === p.reservationId)?.customerId !== p.customerId)
      throw new DomainError("NOT_FOUND", "Reservation was not found for this customer.");
  }
}
