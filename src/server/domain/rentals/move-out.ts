import { and, eq } from "drizzle-orm";

import { recordAudit } from "@/server/audit";
import type { Executor } from "@/server/db/client";
import { rental, unit } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { DomainError, notFound } from "@/server/domain/errors";
import { writeUnitStatus } from "@/server/domain/inventory/unit-status";

/** Ends a rental and frees the unit for the next customer. */
export async function moveOut(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  input: { rentalId: string; at?: Date },
) {
  const [r] = await tx
    .select()
    .from(rental)
    .where(and(eq(rental.organizationId, organizationId), eq(rental.id, input.rentalId)));
  if (!r) throw notFound("Rental");
  const [u] = await tx.select().from(unit).where(eq(unit.id, r.unitId)).for("update");
  const [locked] = await tx.select().from(rental).where(eq(rental.id, r.id)).for("update");
  if (locked!.movedOutAt) throw new DomainError("CONFLICT", "This tenant has already moved out.");
  const movedOutAt = input.at ?? new Date();
  await tx
    .update(rental)
    .set({ movedOutAt })
    .where(and(eq(rental.organizationId, organizationId), eq(rental.id, r.id)));
  if (u!.status === "occupied")
    await writeUnitStatus(tx, organizationId, actor, u!.id, "occupied", "available", "move-out");
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "rental.moved_out",
    targetType: "rental",
    targetId: r.id,
    data: { unitNumber: u!.number, balanceCents: r.balanceCents },
  });
  return { ok: true as const, movedOutAt, balanceCents: r.balanceCents };
}
