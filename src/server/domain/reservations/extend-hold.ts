import { and, eq } from "drizzle-orm";

import { recordAudit } from "@/server/audit";
import type { Executor } from "@/server/db/client";
import { reservation } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { DomainError } from "@/server/domain/errors";

import { lockReservation, requireActive } from "./lock-reservation";
import { recordEvent } from "@/server/events/record";

/**
 * Extends an active hold by `days` from whichever is later, now or the current expiry. A hold that
 * has lapsed but whose unit nobody has taken can be revived: the unit lock proves nobody holds it.
 */
export async function extendHold(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  input: { reservationId: string; days: number },
) {
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > 60)
    throw new DomainError("BAD_REQUEST", "Extend a hold by 1 to 60 days.");
  const { reservation: r } = await lockReservation(tx, organizationId, input.reservationId);
  requireActive(r);
  const from = Math.max(Date.now(), r.holdExpiresAt.getTime());
  const holdExpiresAt = new Date(from + input.days * 86_400_000);
  const [row] = await tx
    .update(reservation)
    .set({ holdExpiresAt })
    .where(and(eq(reservation.organizationId, organizationId), eq(reservation.id, r.id)))
    .returning();
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "reservation.hold_extended",
    targetType: "reservation",
    targetId: r.id,
    data: { from: r.holdExpiresAt, to: holdExpiresAt },
  });
  await recordEvent(tx, { type: "reservation.extended", organizationId, reservationId: r.id });
  return row!;
}
