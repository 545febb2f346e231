import { and, eq } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import { facility, unitType } from "@/server/db/schema";
import { DomainError } from "@/server/domain/errors";
import { localDate } from "@/server/domain/facilities/local-date";

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
