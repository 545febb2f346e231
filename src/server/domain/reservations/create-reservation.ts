import { and, eq, getTableColumns, isNull, sql } from "drizzle-orm";

import { dayStartIn } from "@/lib/org-time";
import { auditEach, recordAudit } from "@/server/audit";
import { recordEvent } from "@/server/events/record";
import type { Executor } from "@/server/db/client";
import { insertSelectRow, placeholderFor } from "@/server/db/insert-select";
import { prepared } from "@/server/db/prepared";
import { configVersionOf, OrgConfigCache } from "@/server/db/org-config-cache";
import {
  customer,
  facility,
  jobOutbox,
  lead,
  reservation,
  unit,
  unitStatusHistory,
  unitType,
  type Channel,
  type UnitStatus,
} from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { DomainError, notFound } from "@/server/domain/errors";
import { unitIsFree } from "@/server/domain/inventory/availability-sql";
import { leadMovesTo, releaseLeadFromReservation } from "@/server/domain/leads/change-lead-status";
import { captureLead } from "@/server/domain/leads/capture-lead";
import { quoteUnitType } from "@/server/domain/quotes/quote-unit-type";
import { WORKFLOWS, workflowIds } from "@/server/jobs/names";
import {
  bookingWriteBackOf,
  hasActivePms,
  markRefusedUnit,
  PmsUnitRefused,
  type BookingWriteBack,
} from "@/server/pms/write-back";

import { generateConfirmationCode } from "./confirmation-code";
import { assertMoveInWithinWindow } from "./move-in-date";
import { ZCreateReservation, type CreateReservationInput } from "./reservation-input";

const LEAD_SOURCE: Record<Channel, "call" | "sms" | "chat" | "web" | "walk_in"> = {
  phone: "call",
  sms: "sms",
  chat: "chat",
  web: "web",
  walk_in: "walk_in",
};
/** Statements a booking may try: units taken meanwhile, a lapsed hold to expire, a confirmation code taken. */
const MAX_ATTEMPTS = 12;

const bookingInputs = new OrgConfigCache();

/** The unit type and its facility as a booking needs them (no counts: those change with every booking). */
async function loadBookingInputs(tx: Executor, organizationId: string, unitTypeId: string) {
  const [row] = await tx
    .select({
      ut: { id: unitType.id, name: unitType.name, active: unitType.active },
      f: {
        id: facility.id,
        name: facility.name,
        active: facility.active,
        holdPeriodDays: facility.holdPeriodDays,
        timeZone: facility.timeZone,
      },
    })
    .from(unitType)
    .innerJoin(facility, eq(facility.id, unitType.facilityId))
    .where(and(eq(unitType.organizationId, organizationId), eq(unitType.id, unitTypeId)));
  return row ?? null;
}

/**
 * A booking in one statement: claim the first free unit of the type (or the one asked for), not
 * among those `tried`, with `SELECT ... FOR UPDATE SKIP LOCKED`; insert the hold on it unless the
 * claim's snapshot shows an active reservation there (then `hold_id` names it: a lapsed hold, which
 * createReservation expires first); then, only for a hold actually inserted: the unit's status and
 * its history row, the lead moved to "reserved" (`advanceLeadId`, null when it stays), an audit row
 * for each, and the lifecycle workflow's outbox row (started after the commit, src/server/jobs/outbox.ts).
 * The insert's ON CONFLICT DO NOTHING stands for a unique index saying no (another hold committed
 * while we claimed, or a confirmation code taken): no reservation comes back and nothing else is
 * written. The writes touch different tables, as data-modifying CTEs must (PostgreSQL, "WITH
 * Queries"). One shape for every booking, so it is prepared (src/server/db/prepared.ts): one round
 * trip where there were three, and no SQL built per booking.
 */
function bookStatement(tx: Executor, name: string) {
  const p = sql.placeholder;
  const cols = getTableColumns(reservation);
  const claimed = tx.$with("claimed").as(
    tx
      .select({
        id: unit.id,
        number: unit.number,
        status: unit.status,
        // Qualified by hand: drizzle writes a one-table select's columns unqualified, and here a bare
        // "id" would be the reservation's.
        holdId: sql<
          string | null
        >`(select r.id from reservation r where r.unit_id = "unit"."id" and r.status = 'active' limit 1)`.as("hold_id"),
      })
      .from(unit)
      .where(
        and(
          eq(unit.organizationId, p("org")),
          sql`${unit.unitTypeId} = ${p("unitTypeId")}::uuid`,
          sql`(${p("unitId")}::uuid is null or ${unit.id} = ${p("unitId")}::uuid)`,
          sql`not (${unit.id} = any(${p("tried")}::uuid[]))`,
          unitIsFree(),
        ),
      )
      .orderBy(unit.number)
      .limit(1)
      .for("update", { of: unit, skipLocked: true }),
  );
  const param = (key: keyof typeof cols, name: string = key) => placeholderFor(cols[key], name);
  const created = tx.$with("created").as(
    tx
      .insert(reservation)
      .select(
        tx
          .select(
            insertSelectRow(reservation, {
              organizationId: param("organizationId", "org"),
              facilityId: param("facilityId"),
              unitTypeId: param("unitTypeId"),
              unitId: claimed.id,
              customerId: param("customerId"),
              leadId: param("leadId"),
              status: sql`'active'`,
              moveInDate: param("moveInDate"),
              quotedMonthlyRateCents: param("quotedMonthlyRateCents", "rate"),
              promotionId: param("promotionId"),
              quote: param("quote"),
              confirmationCode: param("confirmationCode", "code"),
              holdExpiresAt: param("holdExpiresAt"),
              channel: param("channel"),
              createdBy: param("createdBy", "actorLabel"),
            }),
          )
          .from(claimed)
          .where(isNull(claimed.holdId)),
      )
      .onConflictDoNothing()
      .returning(),
  );
  const unitReserved = tx.$with("unit_reserved").as(
    tx
      .update(unit)
      .set({ status: "reserved", updatedAt: sql`now()` })
      .where(and(eq(unit.organizationId, p("org")), eq(unit.id, created.unitId)))
      .from(created)
      .returning({ id: unit.id }),
  );
  const history = tx.$with("unit_history").as(
    tx
      .insert(unitStatusHistory)
      .select(
        tx
          .select(
            insertSelectRow(unitStatusHistory, {
              organizationId: p("org"),
              unitId: claimed.id,
              fromStatus: claimed.status,
              toStatus: sql`'reserved'`,
              reason: sql`'reservation ' || ${created.confirmationCode}`,
              actorLabel: p("actorLabel"),
            }),
          )
          .from(created)
          .innerJoin(claimed, eq(claimed.id, created.unitId)),
      )
      .returning({ id: unitStatusHistory.id }),
  );
  const leadReserved = tx.$with("lead_reserved").as(
    tx
      .update(lead)
      .set({ status: "reserved", lostReason: null, updatedAt: sql`now()` })
      .where(
        and(
          eq(lead.organizationId, p("org")),
          sql`${lead.id} = ${p("advanceLeadId")}::uuid`,
          sql`exists (select 1 from ${created})`,
        ),
      )
      .returning({ id: lead.id }),
  );
  const audited = { organizationId: p("org"), actor: { userId: p("actorUserId"), label: p("actorLabel") } };
  const reservationAudit = auditEach(
    tx,
    created,
    {
      ...audited,
      action: "reservation.created",
      targetType: "reservation",
      data: sql`jsonb_build_object('unitId', ${created.unitId}, 'unitNumber', (select number from ${claimed}), 'confirmationCode', ${created.confirmationCode}, 'moveInDate', ${created.moveInDate}, 'dueAtMoveInCents', ${p("dueAtMoveInCents")}::integer)`,
    },
    "reservation_audit",
  );
  const leadAudit = auditEach(
    tx,
    leadReserved,
    {
      ...audited,
      action: "lead.status_changed",
      targetType: "lead",
      data: sql`jsonb_build_object('from', ${p("leadFrom")}::text, 'to', 'reserved', 'automatic', true)`,
    },
    "lead_audit",
  );
  const outbox = tx.$with("lifecycle").as(
    tx
      .insert(jobOutbox)
      .select(
        tx
          .select(
            insertSelectRow(jobOutbox, {
              organizationId: p("org"),
              workflowName: sql`${WORKFLOWS.reservationLifecycle}::text`,
              workflowId: sql`${workflowIds.reservation("")}::text || ${created.id}`,
              args: sql`jsonb_build_array(jsonb_build_object('organizationId', ${p("org")}::text, 'reservationId', ${created.id}))`,
            }),
          )
          .from(created),
      )
      .onConflictDoNothing()
      .returning({ id: jobOutbox.id }),
  );
  return tx
    .with(claimed, created, unitReserved, history, leadReserved, reservationAudit, leadAudit, outbox)
    .select({
      unit: { id: claimed.id, number: claimed.number, status: claimed.status, holdId: claimed.holdId },
      reservation: created._.selectedFields,
    })
    .from(claimed)
    .leftJoin(created, sql`true`)
    .prepare(name);
}

/**
 * Holds one unit for a customer through the move-in date and the facility's hold period after it
 * (holdEnd).
 *
 * No double booking: a free unit is claimed with `SELECT ... FOR UPDATE SKIP LOCKED`, so concurrent
 * bookings each take a different unit or find none, and the partial unique index
 * `reservation_one_active_per_unit` is the database's last word on a hold committed while we waited
 * for the lock (the claim's snapshot predates it; the insert cannot miss it). A lapsed hold still
 * marked active is expired here, after a re-check in a fresh statement (READ COMMITTED gives it a new
 * snapshot), under the unit's lock, before the unit is held again.
 *
 * The move-in date is at most MAX_MOVE_IN_DAYS_AHEAD days ahead at the facility, by `opts.now` (the
 * agent passes its turn's clock); refused before anything is written.
 */
export async function createReservation(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  input: CreateReservationInput,
  opts: { now?: Date } = {},
) {
  const v = ZCreateReservation.parse(input);
  // In an agent turn the organization's config version is known (read with the conversation lock)
  // and unit types and facilities bump it when edited: the booking's inputs then come from a cache.
  const version = configVersionOf(tx, organizationId);
  const load = () => loadBookingInputs(tx, organizationId, v.unitTypeId);
  const row = version ? await bookingInputs.get(organizationId, v.unitTypeId, version, load) : await load();
  if (!row) throw notFound("Unit type");
  const { ut, f } = row;
  if (!ut.active || !f.active)
    throw new DomainError("BAD_REQUEST", `${ut.name} at ${f.name} is not open for reservations.`);
  assertMoveInWithinWindow(v.moveInDate, f.timeZone, opts.now);

  let customerId = v.customerId;
  let leadId: string | null = null;
  let captured: Awaited<ReturnType<typeof captureLead>> | null = null;
  if (customerId) {
    const [c] = await tx
      .select({ id: customer.id })
      .from(customer)
      .where(and(eq(customer.organizationId, organizationId), eq(customer.id, customerId)));
    if (!c) throw notFound("Customer");
  } else {
    // The person's lead, merged only if the booking tells it something new: the booking records the
    // contact itself (its audit rows; a lead it moves to "reserved").
    captured = await captureLead(
      tx,
      organizationId,
      actor,
      {
        source: LEAD_SOURCE[v.channel],
        ...v.customer,
        facilityId: f.id,
        desiredUnitTypeId: ut.id,
        desiredMoveInDate: v.moveInDate,
      },
      { skipUnchanged: true },
    );
    customerId = captured.customer.id;
    leadId = captured.lead.id;
  }

  const quote = await quoteUnitType(tx, organizationId, {
    unitTypeId: ut.id,
    channel: v.channel,
    moveInDate: v.moveInDate,
    protectionPlanId: v.protectionPlanId,
    promotionId: v.promotionId,
  });
  const holdExpiresAt = holdEnd(v.moveInDate, f.holdPeriodDays, f.timeZone);
  // The lead this booking moves to "reserved": the one just captured, or the customer's.
  const [knownLead] = captured
    ? [captured.lead]
    : await tx
        .select({ id: lead.id, status: lead.status })
        .from(lead)
        .where(and(eq(lead.organizationId, organizationId), eq(lead.customerId, customerId!)));
  const advance = knownLead && leadMovesTo(knownLead.status, "reserved") ? knownLead : null;
  const tried: string[] = [];
  let only = v.unitId ?? null;
  // With a PMS connected, each attempt runs under a savepoint: a unit the PMS refuses (taken there)
  // is rolled back and the next free unit of the type is tried (src/server/pms/write-back.ts).
  const pms = await hasActivePms(tx, organizationId);
  let refusedByPms: PmsUnitRefused | null = null;

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const confirmationCode = generateConfirmationCode();
    if (pms) await tx.execute(sql`savepoint pms_booking`);
    const [booked] = await prepared(tx, "reservation_book", bookStatement).execute({
      org: organizationId,
      unitTypeId: ut.id,
      unitId: only,
      tried,
      facilityId: f.id,
      customerId: customerId!,
      leadId,
      moveInDate: v.moveInDate,
      rate: quote.monthlyRateCents,
      promotionId: quote.promotion?.id ?? null,
      quote,
      code: confirmationCode,
      holdExpiresAt,
      channel: v.channel,
      actorUserId: actor.userId ?? null,
      actorLabel: actor.label,
      dueAtMoveInCents: quote.dueAtMoveInCents,
      advanceLeadId: advance?.id ?? null,
      leadFrom: advance?.status ?? null,
    });
    if (!booked) {
      // Retrying one unit we hold the lock of should always find it; if not, go on to the others.
      if (only !== null && only !== v.unitId) {
        tried.push(only);
        only = null;
        continue;
      }
      break; // no free unit (left)
    }
    const u = booked.unit;
    if (booked.reservation) {
      try {
        if (advance)
          await recordEvent(tx, {
            type: "lead.updated",
            organizationId,
            leadId: advance.id,
            // The lead this booking captured was announced a moment ago; it only moves to "reserved" now.
            ...(captured?.announced && captured.lead.id === advance.id ? { statusOnly: true } : {}),
          });
        // The PMS subscriber (first to run) writes the booking back here, inside the booking.
        await recordEvent(tx, { type: "reservation.created", organizationId, reservationId: booked.reservation.id });
      } catch (err) {
        if (!(pms && err instanceof PmsUnitRefused)) throw err;
        await tx.execute(sql`rollback to savepoint pms_booking`);
        await markRefusedUnit(tx, organizationId, u.id, err.pmsMessage);
        refusedByPms = err;
        tried.push(u.id);
        if (v.unitId) break; // that unit was asked for: no other will do
        only = null;
        continue;
      }
      const pmsWrite: BookingWriteBack = pms
        ? await bookingWriteBackOf(tx, organizationId, booked.reservation.id)
        : { status: "none" };
      return { reservation: booked.reservation, unitNumber: u.number, quote, pms: pmsWrite };
    }
    only = v.unitId ?? null;
    if (u.holdId) {
      // The claim's snapshot shows a hold on the unit (a lapsed one: a live hold is not free). Under
      // the unit's lock, a fresh statement sees what committed since: expire the hold if it really
      // lapsed, then book this unit again.
      const {
        rows: [current],
      } = await tx.execute<{ status: UnitStatus; hold_id: string | null; hold_live: boolean | null }>(sql`
        select u.status, r.id as hold_id, r.hold_expires_at > now() as hold_live
        from unit u left join reservation r on r.unit_id = u.id and r.status = 'active'
        where u.id = ${u.id}`);
      if (!current || (current.status !== "available" && current.status !== "reserved") || current.hold_live) {
        tried.push(u.id);
        continue;
      }
      if (current.hold_id) {
        await tx
          .update(reservation)
          .set({ status: "expired" })
          .where(and(eq(reservation.organizationId, organizationId), eq(reservation.id, current.hold_id)));
        await recordAudit(tx, {
          organizationId,
          actor: { label: "system" },
          action: "reservation.expired",
          targetType: "reservation",
          targetId: current.hold_id,
          data: { unitId: u.id, lazily: true },
        });
        await recordEvent(tx, { type: "reservation.expired", organizationId, reservationId: current.hold_id });
        await releaseLeadFromReservation(tx, organizationId, { label: "system" }, current.hold_id, "expired");
      }
      only = u.id;
      continue;
    }
    // No hold came back: a unique index said no. Another booking's hold committed on the unit while
    // we claimed it (the claim's snapshot predates it; the insert cannot miss it): next unit.
    // Otherwise the confirmation code was taken: the same unit, with another code.
    const [other] = await tx
      .select({ id: reservation.id })
      .from(reservation)
      .where(and(eq(reservation.unitId, u.id), eq(reservation.status, "active")));
    if (other) tried.push(u.id);
    else only = u.id;
  }
  throw new DomainError(
    "CONFLICT",
    v.unitId ? "That unit is no longer available." : `No ${ut.name} units are available at ${f.name} right now.`,
    { reason: "sold_out", unitTypeId: ut.id, ...(refusedByPms ? { refusedByPms: true } : {}) },
  );
}

/**
 * When a new hold ends: the facility's hold period (days, at least one) after the move-in date, from
 * the start of that day at the facility, and never sooner than the hold period from now. A caller
 * who books today for a move-in in three weeks keeps the unit until they come, and then for the
 * days the facility gives anyone who is late.
 */
export function holdEnd(moveInDate: string, holdPeriodDays: number, timeZone: string, now: Date = new Date()): Date {
  const days = Math.max(1, holdPeriodDays);
  const afterMoveIn = dayStartIn(moveInDate, timeZone, days)?.getTime() ?? 0;
  return new Date(Math.max(now.getTime() + days * 86_400_000, afterMoveIn));
}
