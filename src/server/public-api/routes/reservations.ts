import { eq, gte } from "drizzle-orm";
import { z } from "zod";

import { CHANNELS, customer, reservation, RESERVATION_STATUSES } from "@/server/db/schema";
import { cancelReservation } from "@/server/domain/reservations/cancel-reservation";
import { createReservation } from "@/server/domain/reservations/create-reservation";
import { assertMoveInNotPast } from "@/server/domain/reservations/move-in-date";

import { e164Filter, facilityIdFilter, phoneFilter, sinceDate, updatedSince, ZIdParams } from "../filters";
import { keyset, page, pageWhere, ZPage, ZPageQuery } from "../pagination";
import { loadReservationJson, selectReservations } from "@/server/read-model/reservation";
import { defineRoute, withStatus } from "../route";
import { ZReservation } from "@/server/read-model/schemas";
import { toReservation } from "@/server/read-model/serializers";
import { isoDate, isoDateTime } from "@/lib/zod-dates";

export const ZCreateReservationBody = z
  .object({
    unit_type_id: z.uuid(),
    unit_id: z.uuid().optional().describe("A specific unit; omitted: any free unit of the type."),
    customer_id: z.uuid().optional().describe("An existing customer; otherwise give `customer`."),
    customer: z
      .object({
        name: z.string().max(200).optional(),
        phone: z.string().max(40).nullable().optional(),
        email: z.string().max(254).nullable().optional(),
      })
      .strict()
      .optional()
      .describe("Contact details; the customer and their lead are found or created (matched by phone, then e-mail)."),
    move_in_date: isoDate().describe(
      "The move-in day at the facility (its time zone): today or later, at most 365 days ahead. The unit is held through it.",
    ),
    channel: z
      .enum(CHANNELS)
      .default("web")
      .describe("Prices the reservation at this channel's rate (web rate for web and chat)."),
    promotion_id: z
      .uuid()
      .nullable()
      .optional()
      .describe("Apply this promotion if eligible; null for none; omitted: the best eligible one."),
    protection_plan_id: z.uuid().nullable().optional(),
  })
  .strict()
  .meta({ id: "CreateReservation" });

export const ZCancelReservationBody = z
  .object({ reason: z.string().max(500).optional() })
  .strict()
  .meta({ id: "CancelReservation" });

export const reservationRoutes = [
  defineRoute({
    method: "GET",
    path: "/reservations",
    operationId: "listReservations",
    tag: "Reservations",
    summary: "List reservations",
    query: ZPageQuery.extend({
      phone: phoneFilter,
      status: z.enum(RESERVATION_STATUSES).optional(),
      facility_id: facilityIdFilter,
      move_in_date: isoDate().optional().describe("Only reservations moving in on this date."),
      created_since: isoDateTime().optional().describe("Only reservations made at or after this time."),
      updated_since: updatedSince,
    }),
    response: ZPage(ZReservation, "ReservationPage"),
    handler: async ({ tx, organizationId, query }) => {
      const ks = keyset(reservation.createdAt, reservation.id, query.cursor);
      const phone = e164Filter(query.phone);
      const since = sinceDate(query.updated_since);
      const createdSince = sinceDate(query.created_since);
      const rows = await selectReservations(
        tx,
        pageWhere(
          eq(reservation.organizationId, organizationId),
          phone ? eq(customer.phone, phone) : undefined,
          query.status ? eq(reservation.status, query.status) : undefined,
          query.facility_id ? eq(reservation.facilityId, query.facility_id) : undefined,
          query.move_in_date ? eq(reservation.moveInDate, query.move_in_date) : undefined,
          createdSince && gte(reservation.createdAt, createdSince),
          since && gte(reservation.updatedAt, since),
          ks.where,
        ),
      )
        .orderBy(...ks.orderBy)
        .limit(query.limit + 1);
      return page(rows, query.limit, toReservation);
    },
  }),
  defineRoute({
    method: "GET",
    path: "/reservations/{id}",
    operationId: "getReservation",
    tag: "Reservations",
    summary: "Get a reservation",
    params: ZIdParams,
    response: ZReservation,
    handler: ({ tx, organizationId, params }) => loadReservationJson(tx, organizationId, params.id),
  }),
  defineRoute({
    method: "POST",
    path: "/reservations",
    operationId: "createReservation",
    idempotent: true,
    tag: "Reservations",
    summary: "Reserve a unit",
    description:
      "Priced by the same engine as the agent and dashboard, and never double-booked: 409 conflict when no unit of the type is free. A move-in date that has already passed at the facility (in its time zone), or is more than 365 days ahead (the unit is held through the move-in date), is a validation error.",
    body: ZCreateReservationBody,
    response: ZReservation,
    statuses: [201],
    handler: async ({ tx, organizationId, actor, body }) => {
      await assertMoveInNotPast(tx, organizationId, body.unit_type_id, body.move_in_date);
      const created = await createReservation(tx, organizationId, actor, {
        unitTypeId: body.unit_type_id,
        unitId: body.unit_id,
        customerId: body.customer_id,
        customer: body.customer,
        moveInDate: body.move_in_date,
        channel: body.channel,
        promotionId: body.promotion_id,
        protectionPlanId: body.protection_plan_id,
      });
      return withStatus(201, await loadReservationJson(tx, organizationId, created.reservation.id));
    },
  }),
  defineRoute({
    method: "POST",
    path: "/reservations/{id}/cancel",
    operationId: "cancelReservation",
    tag: "Reservations",
    summary: "Cancel a reservation",
    description: "Frees the held unit. 409 conflict when the reservation is no longer active.",
    params: ZIdParams,
    body: ZCancelReservationBody,
    response: ZReservation,
    handler: async ({ tx, organizationId, actor, params, body }) => {
      await cancelReservation(tx, organizationId, actor, { reservationId: params.id, reason: body.reason ?? null });
      return loadReservationJson(tx, organizationId, params.id);
    },
  }),
];
