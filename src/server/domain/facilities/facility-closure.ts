import { and, eq, ne } from "drizzle-orm";

import { recordAudit } from "@/server/audit";
import type { Executor } from "@/server/db/client";
import { facility, facilityClosure } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { DomainError, isUniqueViolation, notFound } from "@/server/domain/errors";

import { ZClosure, type ClosureInput } from "./set-closures";

/**
 * One dated closure at a time (the public API), under the rules of the dashboard's list
 * (setFacilityClosures: the same ZClosure). A facility is closed at most once a day: a second closure
 * on a taken day is a conflict naming the one to change, so an integrator never replaces an
 * operator's reasons without saying so. The row keeps its id across edits.
 */
const taken = (date: string) =>
  new DomainError("CONFLICT", `The facility already has a closure on ${date}; change that one instead.`);

async function assertDayFree(
  tx: Executor,
  organizationId: string,
  facilityId: string,
  date: string,
  exceptClosureId?: string,
) {
  const [other] = await tx
    .select({ id: facilityClosure.id })
    .from(facilityClosure)
    .where(
      and(
        eq(facilityClosure.organizationId, organizationId),
        eq(facilityClosure.facilityId, facilityId),
        eq(facilityClosure.date, date),
        exceptClosureId ? ne(facilityClosure.id, exceptClosureId) : undefined,
      ),
    );
  if (other) throw taken(date);
}

/** A concurrent request took the day between the check and the write. */
async function orTaken<T>(date: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err)) throw taken(date);
    throw err;
  }
}

export async function getFacilityClosure(tx: Executor, organizationId: string, closureId: string) {
  const [row] = await tx
    .select()
    .from(facilityClosure)
    .where(and(eq(facilityClosure.organizationId, organizationId), eq(facilityClosure.id, closureId)));
  if (!row) throw notFound("Closure");
  return row;
}

export async function addFacilityClosure(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  facilityId: string,
  input: ClosureInput,
) {
  const c = ZClosure.parse(input);
  const [f] = await tx
    .select({ id: facility.id })
    .from(facility)
    .where(and(eq(facility.organizationId, organizationId), eq(facility.id, facilityId)));
  if (!f) throw notFound("Facility");
  await assertDayFree(tx, organizationId, facilityId, c.date);
  const [row] = await orTaken(c.date, () =>
    tx
      .insert(facilityClosure)
      .values({ organizationId, facilityId, ...c })
      .returning(),
  );
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "facility.closure_added",
    targetType: "facility",
    targetId: facilityId,
    data: { closureId: row!.id, ...c },
  });
  return row!;
}

/** Changes the fields given; the others stay. */
export async function updateFacilityClosure(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  closureId: string,
  patch: Partial<ClosureInput>,
) {
  const current = await getFacilityClosure(tx, organizationId, closureId);
  const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  const c = ZClosure.parse({ date: current.date, reason: current.reason, reasonEs: current.reasonEs, ...given });
  if (c.date !== current.date) await assertDayFree(tx, organizationId, current.facilityId, c.date, closureId);
  const [row] = await orTaken(c.date, () =>
    tx
      .update(facilityClosure)
      .set(c)
      .where(and(eq(facilityClosure.organizationId, organizationId), eq(facilityClosure.id, closureId)))
      .returning(),
  );
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "facility.closure_updated",
    targetType: "facility",
    targetId: current.facilityId,
    data: { closureId, ...c },
  });
  return row!;
}

export async function deleteFacilityClosure(tx: Executor, organizationId: string, actor: Actor, closureId: string) {
  const [row] = await tx
    .delete(facilityClosure)
    .where(and(eq(facilityClosure.organizationId, organizationId), eq(facilityClosure.id, closureId)))
    .returning();
  if (!row) throw notFound("Closure");
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "facility.closure_deleted",
    targetType: "facility",
    targetId: row.facilityId,
    data: { closureId, date: row.date, reason: row.reason },
  });
  return row;
}
