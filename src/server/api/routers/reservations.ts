import { z } from "zod";

import { createTRPCRouter, managerProcedure, orgProcedure } from "@/server/api/trpc";
import { cancelReservation } from "@/server/domain/reservations/cancel-reservation";
import { createReservation } from "@/server/domain/reservations/create-reservation";
import { expireDueReservations } from "@/server/domain/reservations/expire-reservations";
import { extendHold } from "@/server/domain/reservations/extend-hold";
import { getReservation, listReservations, ZReservationList } from "@/server/domain/reservations/list-reservations";
import { assertMoveInNotPast } from "@/server/domain/reservations/move-in-date";
import { ZCreateReservation } from "@/server/domain/reservations/reservation-input";
import { convertToMoveIn, ZMoveIn } from "@/server/domain/rentals/convert-to-move-in";
import { moveOut } from "@/server/domain/rentals/move-out";
import { listRentals, recordPayment, revealGateCode, ZPayment } from "@/server/domain/rentals/rental-queries";

export const ZReservationGet = z.union([
  z.object({ id: z.uuid() }),
  z.object({ confirmationCode: z.string().trim().min(4).max(12) }),
]);
export const ZReservationCancel = z.object({ reservationId: z.uuid(), reason: z.string().trim().max(500).nullish() });
export const ZHoldExtend = z.object({ reservationId: z.uuid(), days: z.number().int().min(1).max(60) });
export const ZRentalList = z.object({
  customerId: z.uuid().optional(),
  facilityId: z.uuid().optional(),
  current: z.boolean().optional(),
});

export const reservationsRouter = createTRPCRouter({
  list: orgProcedure
    .input(ZReservationList)
    .query(({ ctx, input }) => ctx.tenantRead((tx) => listReservations(tx, ctx.organizationId, input))),
  get: orgProcedure
    .input(ZReservationGet)
    .query(({ ctx, input }) => ctx.tenant((tx) => getReservation(tx, ctx.organizationId, input))),
  create: managerProcedure.input(ZCreateReservation).mutation(({ ctx, input }) =>
    ctx.tenant(async (tx) => {
      await assertMoveInNotPast(tx, ctx.organizationId, input.unitTypeId, input.moveInDate);
      return createReservation(tx, ctx.organizationId, ctx.actor, input);
    }),
  ),
  cancel: managerProcedure
    .input(ZReservationCancel)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => cancelReservation(tx, ctx.organizationId, ctx.actor, input))),
  extendHold: managerProcedure
    .input(ZHoldExtend)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => extendHold(tx, ctx.organizationId, ctx.actor, input))),
  expireDue: managerProcedure.mutation(({ ctx }) => ctx.tenant((tx) => expireDueReservations(tx, ctx.organizationId))),
  moveIn: managerProcedure
    .input(ZMoveIn)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => convertToMoveIn(tx, ctx.organizationId, ctx.actor, input))),
  moveOut: managerProcedure
    .input(z.object({ rentalId: z.uuid() }))
    .mutation(({ ctx, input }) => ctx.tenant((tx) => moveOut(tx, ctx.organizationId, ctx.actor, input))),
  rentals: orgProcedure
    .input(ZRentalList)
    .query(({ ctx, input }) => ctx.tenant((tx) => listRentals(tx, ctx.organizationId, input))),
  /** Any member may read a gate code to a tenant; each viewing is audited. */
  revealGateCode: orgProcedure
    .input(z.object({ rentalId: z.uuid() }))
    .mutation(({ ctx, input }) =>
      ctx.tenant((tx) => revealGateCode(tx, ctx.organizationId, ctx.actor, input.rentalId)),
    ),
  recordPayment: managerProcedure
    .input(ZPayment)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => recordPayment(tx, ctx.organizationId, ctx.actor, input))),
});
