import { z } from "zod";

import { DomainError } from "@/server/domain/errors";
import { cancelReservation as cancelReservationService } from "@/server/domain/reservations/cancel-reservation";
import { getReservation } from "@/server/domain/reservations/list-reservations";

import { defineTool, refuse } from "./types";

export const cancelReservation = defineTool({
  name: "cancel_reservation",
  mutates: true,
  description:
    "Cancel the verified caller's active reservation (by confirmation code, or their only one). Requires verify_caller first.",
  args: z.object({ confirmationCode: z.string().trim().min(4).max(12).optional() }),
  async run(ctx, args) {
    const v = ctx.state.verification;
    if (!v.verified || !v.customerId)
      return refuse("not_verified", "Verify the caller before cancelling a reservation.");
    let reservationId = v.reservationId;
    if (args.confirmationCode) {
      try {
        const r = await getReservation(ctx.tx, ctx.organizationId, { confirmationCode: args.confirmationCode });
        // Someone else's code is treated exactly like an unknown one: no hint that it exists.
        if (r.customer.id !== v.customerId)
          return refuse("not_found", "No reservation with that code on this caller's account.");
        reservationId = r.reservation.id;
      } catch (err) {
        if (err instanceof DomainError && err.code === "NOT_FOUND")
          return refuse("not_found", "No reservation with that code on this caller's account.");
        throw err;
      }
    }
    if (!reservationId)
      return refuse("which_reservation", "Ask for the confirmation code of the reservation to cancel.");
    try {
      const row = await cancelReservationService(ctx.tx, ctx.organizationId, ctx.actor, {
        reservationId,
        reason: "cancelled by the caller through the agent",
      });
      return { ok: true as const, confirmationCode: row.confirmationCode, status: row.status };
    } catch (err) {
      if (err instanceof DomainError) return refuse(err.code === "CONFLICT" ? "not_active" : "not_found", err.message);
      throw err;
    }
  },
});
