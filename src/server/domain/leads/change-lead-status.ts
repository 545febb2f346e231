import { and, eq, ne, sql } from "drizzle-orm";

import { auditInsert, recordAudit } from "@/server/audit";
import { recordEvent } from "@/server/events/record";
import type { Executor } from "@/server/db/client";
import { writeInOneStatement } from "@/server/db/one-statement";
import { lead, reservation, type LeadStatus } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { notFound } from "@/server/domain/errors";

import { ZLeadStatusChange, type LeadStatusChange } from "./lead-input";

/** Moves a lead on the board. "lost" needs a reason; any other status clears it. */
export async function changeLeadStatus(tx: Executor, organizationId: string, actor: Actor, input: LeadStatusChange) {
  const v = ZLeadStatusChange.parse(input);
  const lostReason = v.status === "lost" ? v.lostReason! : null;
  const [before] = await tx
    .select({ status: lead.status })
    .from(lead)
    .where(and(eq(lead.organizationId, organizationId), eq(lead.id, v.leadId)));
  if (!before) throw notFound("Lead");
  const [row] = await tx
    .update(lead)
    .set({ status: v.status, lostReason })
    .where(and(eq(lead.organizationId, organizationId), eq(lead.id, v.leadId)))
    .returning();
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "lead.status_changed",
    targetType: "lead",
    targetId: v.leadId,
    data: { from: before.status, to: v.status, lostReason },
  });
  await recordEvent(tx, { type: "lead.updated", organizationId, leadId: v.leadId });
  return row!;
}

/**
 * Status changes the system makes itself (reservation made, moved in): only ever forward, so a
 * reservation never drags a moved-in lead back.
 */
const ORDER = ["new", "contacted", "quoted", "reserved", "moved_in"] as const;
export async function advanceLeadForCustomer(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  customerId: string,
  to: "quoted" | "reserved" | "moved_in",
) {
  const [row] = await tx
    .select()
    .from(lead)
    .where(and(eq(lead.organizationId, organizationId), eq(lead.customerId, customerId)));
  if (!row) return null;
  const advance = leadAdvance(tx, organizationId, actor, row, to);
  if (!advance) return row;
  await writeInOneStatement(tx, advance.writes);
  await recordEvent(tx, { type: "lead.updated", organizationId, leadId: row.id });
  return advance.lead;
}

/** Whether a lead in status `from` moves to `to` when the system advances it (forward only; a lost lead reopens). */
export function leadMovesTo(from: LeadStatus, to: "quoted" | "reserved" | "moved_in"): boolean {
  return from === "lost" || ORDER.indexOf(from) < ORDER.indexOf(to);
}

/**
 * advanceLeadForCustomer for a lead the caller already holds (read or written in its transaction):
 * the status update and its audit row, not yet run, or null when the lead stays where it is. The
 * caller runs the writes (`writeInOneStatement`, possibly with its own) and then emits `lead.updated`.
 */
export function leadAdvance(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  row: typeof lead.$inferSelect,
  to: "quoted" | "reserved" | "moved_in",
) {
  const from = row.status;
  if (!leadMovesTo(from, to)) return null;
  return {
    lead: { ...row, status: to, lostReason: null },
    writes: [
      tx
        .update(lead)
        .set({ status: to, lostReason: null })
        .where(and(eq(lead.organizationId, organizationId), eq(lead.id, row.id))),
      auditInsert(tx, [
        {
          organizationId,
          actor,
          action: "lead.status_changed",
          targetType: "lead",
          targetId: row.id,
          data: { from, to, automatic: true },
        },
      ]),
    ],
  };
}

/**
 * A reservation ended without a move-in (cancelled, or its hold expired): the customer's lead, if the
 * reservation had moved it to "reserved" and the customer holds no other active reservation, goes
 * back to "quoted", where the board shows it for a follow-up instead of leaving it among the reserved.
 * A lead that moved in or that someone moved by hand stays where it is.
 */
export async function releaseLeadFromReservation(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  reservationId: string,
  why: "cancelled" | "expired",
) {
  const [row] = await tx
    .update(lead)
    .set({ status: "quoted", lostReason: null })
    .where(
      and(
        eq(lead.organizationId, organizationId),
        eq(lead.status, "reserved"),
        sql`${lead.customerId} = (select ${reservation.customerId} from ${reservation} where ${reservation.organizationId} = ${organizationId} and ${reservation.id} = ${reservationId})`,
        sql`not exists (select 1 from ${reservation} where ${reservation.organizationId} = ${organizationId} and ${reservation.customerId} = ${lead.customerId} and ${reservation.status} = 'active' and ${ne(reservation.id, reservationId)})`,
      ),
    )
    .returning({ id: lead.id });
  if (!row) return null;
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "lead.status_changed",
    targetType: "lead",
    targetId: row.id,
    data: { from: "reserved", to: "quoted", automatic: true, reservation: why },
  });
  await recordEvent(tx, { type: "lead.updated", organizationId, leadId: row.id });
  return row.id;
}
