import { and, eq, gte, lte, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";

import type { Executor } from "@/server/db/client";
import { customer, facility, reservation, RESERVATION_STATUSES, unit, unitType } from "@/server/db/schema";
import { notFound } from "@/server/domain/errors";
import { after, cursorColumn, decodeCursor, orderBy, page, type SortKey } from "@/server/domain/lists/keyset";
import { ZSearchText } from "@/server/domain/lists/search-text";
import { readQuery } from "@/server/domain/search/find-anyone";
import { matchCustomer } from "@/server/domain/search/match-customer";
import { isoDate } from "@/lib/zod-dates";

const columns = {
  reservation,
  /** "active" whose hold has passed reads as lapsed before the sweep marks it expired. */
  lapsed: sql<boolean>`(${reservation.status} = 'active' and ${reservation.holdExpiresAt} <= now())`,
  unitNumber: unit.number,
  unitTypeName: unitType.name,
  facilityName: facility.name,
  customer: { id: customer.id, name: customer.name, phone: customer.phone, email: customer.email },
};

/**
 * The Reservations page (issue 22): search by confirmation code (typed any case, with or without a
 * dash), the customer's name, phone or e-mail, or the unit number; filter by facility, status and
 * move-in dates; sort; keyset pages ("show more").
 */
export const RESERVATION_SORTS = ["created", "move_in", "hold_expires", "name"] as const;
export type ReservationSort = (typeof RESERVATION_SORTS)[number];
export const ZReservationList = z
  .object({
    query: ZSearchText.default(""),
    facilityId: z.uuid().nullish(),
    status: z.enum(RESERVATION_STATUSES).nullish(),
    moveInFrom: isoDate().nullish(),
    moveInTo: isoDate().nullish(),
    sort: z.enum(RESERVATION_SORTS).default("created"),
    cursor: z.string().max(4000).nullish(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .refine((v) => !v.moveInFrom || !v.moveInTo || v.moveInFrom <= v.moveInTo, {
    message: "The first move-in date is after the last.",
    path: ["moveInTo"],
  });
export type ReservationListInput = z.input<typeof ZReservationList>;

const SORT_KEYS: Record<ReservationSort, SortKey[]> = {
  created: [
    { expr: reservation.createdAt, dir: "desc", type: "timestamptz" },
    { expr: reservation.id, dir: "desc", type: "uuid" },
  ],
  // The next move-ins first.
  move_in: [
    { expr: reservation.moveInDate, dir: "asc", type: "date" },
    { expr: reservation.id, dir: "asc", type: "uuid" },
  ],
  // The holds that lapse soonest first.
  hold_expires: [
    { expr: reservation.holdExpiresAt, dir: "asc", type: "timestamptz" },
    { expr: reservation.id, dir: "asc", type: "uuid" },
  ],
  name: [
    { expr: sql`(${customer.name} = '')`, dir: "asc", type: "bool" },
    { expr: sql`lower(${customer.name})`, dir: "asc", type: "text" },
    { expr: reservation.id, dir: "asc", type: "uuid" },
  ],
};

export async function listReservations(tx: Executor, organizationId: string, raw: ReservationListInput = {}) {
  const input = ZReservationList.parse(raw);
  const keys = SORT_KEYS[input.sort];
  const where: SQL[] = [eq(reservation.organizationId, organizationId)];
  if (input.query) {
    const q = readQuery(input.query);
    const matches: SQL[] = [matchCustomer(input.query), sql`lower(${unit.number}) = lower(${q.text})`];
    if (q.codeLike) matches.push(eq(reservation.confirmationCode, q.code));
    where.push(or(...matches)!);
  }
  if (input.facilityId) where.push(eq(reservation.facilityId, input.facilityId));
  if (input.status) where.push(eq(reservation.status, input.status));
  if (input.moveInFrom) where.push(gte(reservation.moveInDate, input.moveInFrom));
  if (input.moveInTo) where.push(lte(reservation.moveInDate, input.moveInTo));
  if (input.cursor) where.push(after(keys, decodeCursor(input.cursor, input.sort, keys)));
  const rows = await tx
    .select({ ...columns, cursor: cursorColumn(keys) })
    .from(reservation)
    .innerJoin(unit, eq(unit.id, reservation.unitId))
    .innerJoin(unitType, eq(unitType.id, reservation.unitTypeId))
    .innerJoin(facility, eq(facility.id, reservation.facilityId))
    .innerJoin(customer, eq(customer.id, reservation.customerId))
    .where(and(...where))
    .orderBy(...orderBy(keys))
    .limit(input.limit + 1);
  return page(rows, input.limit, input.sort);
}

/** By id or by confirmation code (what a caller reads out). */
export async function getReservation(
  tx: Executor,
  organizationId: string,
  by: { id: string } | { confirmationCode: string },
) {
  const match =
    "id" in by ? eq(reservation.id, by.id) : eq(reservation.confirmationCode, by.confirmationCode.trim().toUpperCase());
  const [row] = await tx
    .select(columns)
    .from(reservation)
    .innerJoin(unit, eq(unit.id, reservation.unitId))
    .innerJoin(unitType, eq(unitType.id, reservation.unitTypeId))
    .innerJoin(facility, eq(facility.id, reservation.facilityId))
    .innerJoin(customer, eq(customer.id, reservation.customerId))
    .where(and(eq(reservation.organizationId, organizationId), match));
  if (!row) throw notFound("Reservation");
  return row;
}
