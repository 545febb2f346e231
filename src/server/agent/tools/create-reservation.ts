import { z } from "zod";

import { canBookInTurn } from "@/server/billing/entitlements";
import { createReservation as createReservationService } from "@/server/domain/reservations/create-reservation";

import { pricingChannel } from "./channel";
import { defineTool, refuse } from "./types";
import { isoDate } from "@/lib/zod-dates";

export const createReservation = defineTool({
  name: "create_reservation",
  mutates: true,
  description:
    "Hold one unit of a unit type for the caller. Only after reading back size, facility, move-in date, price, name and phone (or e-mail) and hearing an explicit yes. The move-in date is at most a year (365 days) ahead. Returns the confirmation code.",
  args: z.object({
    unitTypeId: z.uuid(),
    moveInDate: isoDate(),
    name: z.string().trim().min(1).max(200),
    phone: z
      .string()
      .trim()
      .min(7)
      .max(40)
      .optional()
      .describe("The caller's phone; on web chat an e-mail alone is enough."),
    email: z.string().trim().max(254).optional(),
  }),
  async run(ctx, args) {
    // The subscription decides: a canceled organization's agent still takes messages but books nothing.
    if (!(await canBookInTurn(ctx.tx, ctx.organizationId))) {
      return refuse(
        "booking_disabled",
        "Reservations cannot be made by the agent right now; take the caller's details as a message instead.",
      );
    }
    if (!args.phone && !args.email) return refuse("no_contact", "Ask for a phone number or e-mail first.");
    // The conversation's clock decides how far ahead is too far, as it decides "today" in the dialogue.
    const r = await createReservationService(
      ctx.tx,
      ctx.organizationId,
      ctx.actor,
      {
        unitTypeId: args.unitTypeId,
        moveInDate: args.moveInDate,
        channel: pricingChannel(ctx.state),
        customer: { name: args.name, phone: args.phone || null, email: args.email || null },
      },
      { now: ctx.now },
    );
    // A second booking in the same conversation ("two 5x10s"): the first is kept, for its code and total.
    if (ctx.state.reservation)
      ctx.state.earlierReservations = [...(ctx.state.earlierReservations ?? []), ctx.state.reservation];
    ctx.state.reservation = { id: r.reservation.id, confirmationCode: r.reservation.confirmationCode };
    if (r.reservation.leadId) ctx.state.leadId = r.reservation.leadId;
    return {
      ok: true as const,
      reservationId: r.reservation.id,
      confirmationCode: r.reservation.confirmationCode,
      unitNumber: r.unitNumber,
      moveInDate: r.reservation.moveInDate,
      holdExpiresAt: r.reservation.holdExpiresAt.toISOString(),
      monthlyRateCents: r.quote.monthlyRateCents,
      dueAtMoveInCents: r.quote.dueAtMoveInCents,
      promotion: r.quote.promotion?.name ?? null,
      /**
       * The facility's PMS did not confirm the booking within the turn's budget: it is held here and
       * retried; if the PMS finally refuses, the caller is texted. Say so rather than "all set".
       */
      pendingInPms: r.pms.status === "pending",
    };
  },
});
