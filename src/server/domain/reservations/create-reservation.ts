import { and, eq, sql } from "drizzle-orm";

import { auditInsert, recordAudit } from "@/server/audit";
import { emitLeadEvent, emitReservationEvent } from "@/server/webhooks/domain-events";
import type { Executor } from "@/server/db/client";
import { writeInOneStatement } from "@/server/db/one-statement";
import { prepared, rawPrepared } from "@/server/db/prepared";
import { configVersionOf, OrgConfigCache } from "@/server/db/org-config-cache";
import { customer, facility, lead, reservation, unitType, type Channel, type UnitStatus } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { DomainError, notFound } from "@/server/domain/errors";
import { unitIsFree } from "@/server/domain/inventory/availability-sql";
import { unitStatusWrites } from "@/server/domain/inventory/unit-status";
import { leadAdvance } from "@/server/domain/leads/change-lead-status";
import { captureLead } from "@/server/domain/leads/capture-lead";
import { quoteUnitType } from "@/server/domain/quotes/quote-unit-type";
import { WORKFLOWS, workflowIds } from "@/server/jobs/names";
import { outboxInsert } from "@/server/jobs/outbox";

import { generateConfirmationCode } from "./confirmation-code";
import { ZCreateReservation, type CreateReservationInput } from "./reservation-input";

const LEAD_SOURCE: Record<Channel, "call" | "sms" | "chat" | "web" | "walk_in"> = { phone: "call", sms: "sms", chat: "chat", web: "web", walk_in: "walk_in" };
const MAX_UNIT_TRIES = 5;

const bookingInputs = new OrgConfigCache();

/** The unit type and its facility as a booking needs them (no counts: those change with every booking). */
async function loadBookingInputs(tx: Executor, organizationId: string, unitTypeId: string) {
  const [row] = await tx
    .select({
      ut: { id: unitType.id, name: unitType.name, active: unitType.active },
      f: { id: facility.id, name: facility.name, active: facility.active, holdPeriodDays: facility.holdPeriodDays },
    })
    .from(unitType)
    .innerJoin(facility, eq(facility.id, unitType.facilityId))
    .where(and(eq(unitType.organizationId, organizationId), eq(unitType.id, unitTypeId)));
  return row ?? null;
}

/**
 * The first free unit of the type (or the one asked for), not among those `tried`, locked, with its
 * status (after the lock: a row we had to wait for is re-read) and the id of an active reservation on
 * it, from the statement's snapshot (a live one would not be free, so this is a lapsed hold, or none).
 * One shape for every call, so it is prepared (src/server/db/prepared.ts).
 */
function claimStatement(tx: Executor, name: string) {
  const p = sql.placeholder;
  return rawPrepared(
    tx,
    sql`
      select unit.id, unit.number, unit.status,
        (select r.id from reservation r where r.unit_id = unit.id and r.status = 'active' limit 1) as hold_id
      from unit
      where unit.organization_id = ${p("org")} and unit.unit_type_id = ${p("unitTypeId")}::uuid
        and (${p("unitId")}::uuid is null or unit.id = ${p("unitId")}::uuid)
        and not (unit.id = any(${p("tried")}::uuid[]))
        and ${unitIsFree()}
      order by unit.number
      limit 1
      for update of unit skip locked`,
    name,
  );
}

/** The hold itself; ON CONFLICT DO NOTHING: no row back means a unique index said no. */
function insertStatement(tx: Executor, name: string) {
  const p = sql.placeholder;
  return tx
    .insert(reservation)
    .values({
      organizationId: p("org"), facilityId: p("facilityId"), unitTypeId: p("unitTypeId"), unitId: p("unitId"), customerId: p("customerId"), leadId: p("leadId"),
      status: "active", moveInDate: p("moveInDate"), quotedMonthlyRateCents: p("rate"), promotionId: p("promotionId"), quote: p("quote"),
      confirmationCode: p("code"), holdExpiresAt: p("holdExpiresAt"), channel: p("channel"), createdBy: p("createdBy"),
    })
    .onConflictDoNothing()
    .returning()
    .prepare(name);
}

/**
 * Holds one unit for a customer until the facility's hold period (days, at least one) has passed.
 *
 * No double booking: a free unit is claimed with `SELECT ... FOR UPDATE SKIP LOCKED`, so concurrent
 * bookings each take a different unit or find none, and the partial unique index
 * `reservation_one_active_per_unit` is the database's last word on a hold committed while we waited
 * for the lock (the claim's snapshot predates it; the insert cannot miss it). A lapsed hold still
 * marked active is expired here, after a re-check in a fresh statement (READ COMMITTED gives it a new
 * snapshot), under the unit's lock, before the unit is held again.
 */
export async function createReservation(tx: Executor, organizationId: string, actor: Actor, input: CreateReservationInput) {
  const v = ZCreateReservation.parse(input);
  // In an agent turn the organization's config version is known (read with the conversation lock)
  // and unit types and facilities bump it when edited: the booking's inputs then come from a cache.
  const version = configVersionOf(tx, organizationId);
  const load = () => loadBookingInputs(tx, organizationId, v.unitTypeId);
  const row = version ? await bookingInputs.get(organizationId, v.unitTypeId, version, load) : await load();
  if (!row) throw notFound("Unit type");
  const { ut, f } = row;
  if (!ut.active || !f.active) throw new DomainError("BAD_REQUEST", `${ut.name} at ${f.name} is not open for reservations.`);

  let customerId = v.customerId;
  let leadId: string | null = null;
  let captured: Awaited<ReturnType<typeof captureLead>> | null = null;
  if (customerId) {
    const [c] = await tx.select({ id: customer.id }).from(customer).where(and(eq(customer.organizationId, organizationId), eq(customer.id, customerId)));
    if (!c) throw notFound("Customer");
  } else {
    captured = await captureLead(tx, organizationId, actor, { source: LEAD_SOURCE[v.channel], ...v.customer, facilityId: f.id, desiredUnitTypeId: ut.id, desiredMoveInDate: v.moveInDate });
    customerId = captured.customer.id;
    leadId = captured.lead.id;
  }

  const quote = await quoteUnitType(tx, organizationId, { unitTypeId: ut.id, channel: v.channel, moveInDate: v.moveInDate, protectionPlanId: v.protectionPlanId, promotionId: v.promotionId });
  const holdExpiresAt = new Date(Date.now() + Math.max(1, f.holdPeriodDays) * 86_400_000);
  const tried: string[] = [];

  for (let attempt = 0; attempt < MAX_UNIT_TRIES; attempt++) {
    const claimed = (await prepared(tx, "reservation_claim_unit", claimStatement).execute({ org: organizationId, unitTypeId: ut.id, unitId: v.unitId ?? null, tried })) as {
      rows: { id: string; number: string; status: UnitStatus; hold_id: string | null }[];
    };
    const u = claimed.rows[0];
    if (!u) break;
    tried.push(u.id);
    let unitStatus = u.status;

    // No hold on the unit in the snapshot: book it. Had a concurrent booking committed a hold on it
    // while we waited for the lock, the snapshot would miss it, but the insert below cannot: the
    // partial unique index reservation_one_active_per_unit refuses a second active reservation, and
    // we move on to the next unit. A lapsed hold is expired first, under the unit's lock, after a
    // fresh look (a new statement sees what committed since).
    if (u.hold_id) {
      const { rows: [current] } = await tx.execute<{ status: UnitStatus; hold_id: string | null; hold_live: boolean | null }>(sql`
        select u.status, r.id as hold_id, r.hold_expires_at > now() as hold_live
        from unit u left join reservation r on r.unit_id = u.id and r.status = 'active'
        where u.id = ${u.id}`);
      if (!current || (current.status !== "available" && current.status !== "reserved") || current.hold_live) continue;
      if (current.hold_id) {
        await tx.update(reservation).set({ status: "expired" }).where(and(eq(reservation.organizationId, organizationId), eq(reservation.id, current.hold_id)));
        await recordAudit(tx, { organizationId, actor: { label: "system" }, action: "reservation.expired", targetType: "reservation", targetId: current.hold_id, data: { unitId: u.id, lazily: true } });
        await emitReservationEvent(tx, organizationId, "reservation.expired", current.hold_id);
      }
      unitStatus = current.status;
    }

    for (let codeTry = 0; codeTry < 5; codeTry++) {
      const confirmationCode = generateConfirmationCode();
      // ON CONFLICT DO NOTHING instead of a savepoint around the insert (two round trips fewer): no
      // row back means a unique index said no, and which one decides what to do next.
      const [created] = await prepared(tx, "reservation_insert", insertStatement).execute({
        org: organizationId, facilityId: f.id, unitTypeId: ut.id, unitId: u.id, customerId: customerId!, leadId,
        moveInDate: v.moveInDate, rate: quote.monthlyRateCents, promotionId: quote.promotion?.id ?? null, quote,
        code: confirmationCode, holdExpiresAt, channel: v.channel, createdBy: actor.label,
      });
      if (!created) {
        const [held] = await tx.select({ id: reservation.id }).from(reservation).where(and(eq(reservation.unitId, u.id), eq(reservation.status, "active")));
        if (held) break; // reservation_one_active_per_unit: someone else holds it, next unit
        continue; // otherwise a confirmation-code collision: draw again
      }
      // The lead this booking moves to "reserved": the one just captured, or the customer's.
      const [knownLead] = captured ? [captured.lead] : await tx.select().from(lead).where(and(eq(lead.organizationId, organizationId), eq(lead.customerId, customerId!)));
      const advance = knownLead ? leadAdvance(tx, organizationId, actor, knownLead, "reserved") : null;
      // The unit's status and history, the lead's status, both audit rows and the lifecycle
      // workflow's outbox row (started after the commit, src/server/jobs/outbox.ts): one statement.
      await writeInOneStatement(tx, [
        ...unitStatusWrites(tx, organizationId, actor, u.id, unitStatus, "reserved", `reservation ${confirmationCode}`),
        ...(advance?.writes ?? []),
        auditInsert(tx, [
          {
            organizationId, actor, action: "reservation.created", targetType: "reservation", targetId: created.id,
            data: { unitId: u.id, unitNumber: u.number, confirmationCode, moveInDate: v.moveInDate, dueAtMoveInCents: quote.dueAtMoveInCents },
          },
        ]),
        outboxInsert(tx, [
          { workflowName: WORKFLOWS.reservationLifecycle, workflowId: workflowIds.reservation(created.id), organizationId, args: [{ organizationId, reservationId: created.id }] },
        ]),
      ]);
      if (advance) await emitLeadEvent(tx, organizationId, "lead.updated", knownLead!.id);
      await emitReservationEvent(tx, organizationId, "reservation.created", created.id);
      return { reservation: created, unitNumber: u.number, quote };
    }
  }
  throw new DomainError(
    "CONFLICT",
    v.unitId ? "That unit is no longer available." : `No ${ut.name} units are available at ${f.name} right now.`,
    { reason: "sold_out", unitTypeId: ut.id },
  );
}
