import { and, desc, eq, inArray, ne, or } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import {
  auditLog,
  conversation,
  customer,
  customerNote,
  lead,
  member,
  payment,
  rental,
  reservation,
  user,
} from "@/server/db/schema";
import { notFound } from "@/server/domain/errors";

/** How many of each kind the customer page's timeline carries, newest first. */
const TIMELINE_LIMIT = 200;

/**
 * One line of a customer's timeline (issue 22, item 3): their calls, texts and chats, reservations,
 * payments and the notes people wrote, together, newest first; with the rest of what was done on
 * their behalf (status changes, owner, edits) from the audit log.
 */
export type TimelineItem =
  | {
      kind: "conversation";
      id: string;
      at: Date;
      channel: string;
      direction: "inbound" | "outbound";
      status: "active" | "ended";
      outcome: string | null;
      summary: string | null;
      durationSeconds: number | null;
      handler: "agent" | "staff";
    }
  | { kind: "reservation"; id: string; at: Date; confirmationCode: string; status: string; moveInDate: string }
  | { kind: "payment"; id: string; at: Date; amountCents: number; method: string; status: string }
  | {
      kind: "note";
      id: string;
      at: Date;
      body: string;
      authorName: string;
      authorUserId: string | null;
      editedAt: Date | null;
      editedByName: string | null;
    }
  | { kind: "activity"; id: string; at: Date; action: string; actorLabel: string | null };

/** Audit actions the timeline shows as their own lines already (a note, a reservation made). */
const SHOWN_ELSEWHERE = new Set(["customer.note_added", "customer.note_edited", "reservation.created"]);

/** A customer with lead (and its owner), reservations, rentals, and the timeline for the customer page. */
export async function getCustomer(tx: Executor, organizationId: string, customerId: string) {
  const [row] = await tx
    .select()
    .from(customer)
    .where(and(eq(customer.organizationId, organizationId), eq(customer.id, customerId)));
  if (!row) throw notFound("Customer");
  const [leadRow] = await tx
    .select({ lead, ownerName: user.name })
    .from(lead)
    .leftJoin(member, eq(member.id, lead.ownerMemberId))
    .leftJoin(user, eq(user.id, member.userId))
    .where(and(eq(lead.organizationId, organizationId), eq(lead.customerId, customerId)));
  const reservations = await tx
    .select()
    .from(reservation)
    .where(and(eq(reservation.organizationId, organizationId), eq(reservation.customerId, customerId)))
    .orderBy(desc(reservation.createdAt));
  const rentals = await tx
    .select({
      id: rental.id,
      unitId: rental.unitId,
      facilityId: rental.facilityId,
      startDate: rental.startDate,
      monthlyRateCents: rental.monthlyRateCents,
      balanceCents: rental.balanceCents,
      movedOutAt: rental.movedOutAt,
    })
    .from(rental)
    .where(and(eq(rental.organizationId, organizationId), eq(rental.customerId, customerId)));
  const conversations = await tx
    .select({
      id: conversation.id,
      at: conversation.startedAt,
      channel: conversation.channel,
      direction: conversation.direction,
      status: conversation.status,
      outcome: conversation.outcome,
      summary: conversation.summary,
      durationSeconds: conversation.durationSeconds,
      handler: conversation.handler,
    })
    .from(conversation)
    .where(
      and(
        eq(conversation.organizationId, organizationId),
        ne(conversation.channel, "playground"),
        or(eq(conversation.customerId, customerId), leadRow ? eq(conversation.leadId, leadRow.lead.id) : undefined),
      ),
    )
    .orderBy(desc(conversation.startedAt))
    .limit(TIMELINE_LIMIT);
  const payments = await tx
    .select({
      id: payment.id,
      at: payment.receivedAt,
      amountCents: payment.amountCents,
      method: payment.method,
      status: payment.status,
    })
    .from(payment)
    .where(and(eq(payment.organizationId, organizationId), eq(payment.customerId, customerId)))
    .orderBy(desc(payment.receivedAt))
    .limit(TIMELINE_LIMIT);
  const notes = await tx
    .select()
    .from(customerNote)
    .where(and(eq(customerNote.organizationId, organizationId), eq(customerNote.customerId, customerId)))
    .orderBy(desc(customerNote.createdAt))
    .limit(TIMELINE_LIMIT);
  const ids = [customerId, leadRow?.lead.id, ...reservations.map((r) => r.id), ...rentals.map((r) => r.id)].filter(
    Boolean,
  ) as string[];
  const audit = await tx
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.organizationId, organizationId), inArray(auditLog.targetId, ids)))
    .orderBy(desc(auditLog.createdAt))
    .limit(TIMELINE_LIMIT);

  const timeline: TimelineItem[] = [
    ...conversations.map((c) => ({ kind: "conversation" as const, ...c })),
    ...reservations.map((r) => ({
      kind: "reservation" as const,
      id: r.id,
      at: r.createdAt,
      confirmationCode: r.confirmationCode,
      status: r.status,
      moveInDate: r.moveInDate,
    })),
    ...payments.map((p) => ({ kind: "payment" as const, ...p })),
    ...notes.map((n) => ({
      kind: "note" as const,
      id: n.id,
      at: n.createdAt,
      body: n.body,
      authorName: n.authorName,
      authorUserId: n.authorUserId,
      editedAt: n.editedAt,
      editedByName: n.editedByName,
    })),
    ...audit
      .filter((a) => !SHOWN_ELSEWHERE.has(a.action))
      .map((a) => ({
        kind: "activity" as const,
        id: a.id,
        at: a.createdAt,
        action: a.action,
        actorLabel: a.actorLabel,
      })),
  ];
  timeline.sort((x, y) => y.at.getTime() - x.at.getTime() || (x.id < y.id ? 1 : -1));
  return {
    ...row,
    lead: leadRow ? { ...leadRow.lead, ownerName: leadRow.ownerName } : null,
    reservations,
    rentals,
    timeline: timeline.slice(0, TIMELINE_LIMIT),
  };
}
