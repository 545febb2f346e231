import { and, eq } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import { facility, unitType } from "@/server/db/schema";
import { addDays } from "@/lib/dates";
import { DomainError } from "@/server/domain/errors";
import { localDate } from "@/server/domain/facilities/local-date";

/**
 * How far ahead a unit can be reserved: a hold lasts through the move-in date (holdEnd), so a date
 * years away would take a unit off the market for years. A year covers the longest plans callers make
 * (a move timed to a lease ending, a student's next fall) and is the window the agent says it books.
 */
export const MAX_MOVE_IN_DAYS_AHEAD = 365;

/** The last move-in date that can be booked, counted from `today` ("YYYY-MM-DD" at the facility). */
export const lastMoveInDate = (today: string) => addDays(today, MAX_MOVE_IN_DAYS_AHEAD);

/**
 * Every booking's rule (createReservation): the move-in date is at most MAX_MOVE_IN_DAYS_AHEAD days
 * after today at the facility. `now` is the booking's clock (an agent turn's, which tests and the
 * evaluation set).
 */
export function assertMoveInWithinWindow(moveInDate: string, timeZone: string, now: Date = new Date()) {
  const last = lastMoveInDate(localDate(timeZone, now));
  if (moveInDate > last)
    throw new DomainError(
      "BAD_REQUEST",
      `Move-in date must be within ${MAX_MOVE_IN_DAYS_AHEAD} days: the latest that can be booked at the facility is ${last}.`,
      { field: "move_in_date", reason: "move_in_too_far", latest: last },
    );
}

/**
 * A person booking at the desk cannot hold a unit for a day that has already gone at the facility
 * (its own time zone decides what "today" is). The agent asks again in its dialogue, on the
 * conversation's clock, so this check belongs to the dashboard's and the public API's paths, not to
 * `createReservation`.
 * An unknown unit type passes: the booking itself reports it as not found.
 */
export async function assertMoveInNotPast(
  tx: Executor,
  organizationId: string,
  unitTypeId: string,
  moveInDate: string,
  now: Date = new Date(),
) {
  const [row] = await tx
    .select({ timeZone: facility.timeZone })
    .from(unitType)
    .innerJoin(facility, eq(facility.id, unitType.facilityId))
    .where(and(eq(unitType.organizationId, organizationId), eq(unitType.id, unitTypeId)));
  if (!row) return;
  const today = localDate(row.timeZone, now);
  if (moveInDate < today)
    throw new DomainError(
      "BAD_REQUEST",
      `The move-in date ${moveInDate} has passed: today at the facility is ${today}.`,
      { field: "move_in_date" },
    );
}
