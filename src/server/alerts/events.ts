import { and, asc, eq } from "drizzle-orm";

import { withOrg } from "@/server/db/client";
import {
  conversation,
  customer,
  facility,
  payment,
  paymentDispute,
  reservation,
  task,
  unit,
  unitType,
} from "@/server/db/schema";
import { formatPhone } from "@/lib/format-phone";
import { formatCell } from "@/lib/report-format";

import { fireAlert, type AlertEvent, type FireResult } from "./fire";

/**
 * The event-driven alerts, built from the stored rows when the operatorAlert workflow runs (the
 * trigger passes only ids). Dedupe keys: one alert per reservation, one per conversation, one per
 * message task.
 */
export type EventAlertKind = "reservation_created" | "after_hours_person" | "message_taken" | "payment_disputed";

/** The subject of a dispute's alert: the dispute row, and "closed:<row>" for its outcome (a second alert). */
export const disputeAlertSubject = (disputeId: string, stage: "opened" | "closed") =>
  stage === "closed" ? `closed:${disputeId}` : disputeId;

export async function raiseEventAlert(
  organizationId: string,
  kind: EventAlertKind,
  subjectId: string,
): Promise<FireResult | { fired: false; reason: "not_found" }> {
  const event =
    kind === "reservation_created"
      ? await reservationEvent(organizationId, subjectId)
      : kind === "message_taken"
        ? await messageEvent(organizationId, subjectId)
        : kind === "payment_disputed"
          ? await disputeEvent(organizationId, subjectId)
          : await afterHoursEvent(organizationId, subjectId);
  if (!event) return { fired: false, reason: "not_found" };
  return fireAlert(event);
}

async function reservationEvent(organizationId: string, reservationId: string): Promise<AlertEvent | null> {
  const [r] = await withOrg(organizationId, (tx) =>
    tx
      .select({
        id: reservation.id,
        code: reservation.confirmationCode,
        moveIn: reservation.moveInDate,
        rate: reservation.quotedMonthlyRateCents,
        channel: reservation.channel,
        facilityId: reservation.facilityId,
        facility: facility.name,
        customer: customer.name,
        phone: customer.phone,
        unitType: unitType.name,
        unit: unit.number,
      })
      .from(reservation)
      .innerJoin(facility, eq(facility.id, reservation.facilityId))
      .innerJoin(customer, eq(customer.id, reservation.customerId))
      .innerJoin(unitType, eq(unitType.id, reservation.unitTypeId))
      .innerJoin(unit, eq(unit.id, reservation.unitId))
      .where(and(eq(reservation.organizationId, organizationId), eq(reservation.id, reservationId))),
  );
  if (!r) return null;
  const phone = formatPhone(r.phone);
  const who = r.customer ? `${r.customer}${phone ? ` (${phone})` : ""}` : phone || "A customer";
  return {
    organizationId,
    kind: "reservation_created",
    dedupeKey: `reservation:${r.id}`,
    facilityId: r.facilityId,
    subject: `New reservation ${r.code} at ${r.facility}`,
    body: `${who} reserved a ${r.unitType} (unit ${r.unit}) at ${r.facility}, moving in ${r.moveIn}, at ${formatCell(r.rate, "money", "print")} a month (${r.channel}). Confirmation ${r.code}.`,
    path: `reservations/${r.id}`,
  };
}

async function afterHoursEvent(organizationId: string, conversationId: string): Promise<AlertEvent | null> {
  const [c] = await withOrg(organizationId, (tx) =>
    tx
      .select({
        id: conversation.id,
        channel: conversation.channel,
        from: conversation.fromAddress,
        facilityId: conversation.facilityId,
        facility: facility.name,
      })
      .from(conversation)
      .leftJoin(facility, eq(facility.id, conversation.facilityId))
      .where(and(eq(conversation.organizationId, organizationId), eq(conversation.id, conversationId))),
  );
  // Dashboard playground sessions are staff trying the agent, not callers.
  if (!c || c.channel === "playground") return null;
  const where = c.facility ? ` at ${c.facility}` : "";
  const who = formatPhone(c.from) || "A web chat visitor";
  const how = c.channel === "voice" ? "called" : c.channel === "sms" ? "texted" : "wrote";
  // The message, when the caller had left it by the time the alert went out.
  const [left] = await withOrg(organizationId, (tx) =>
    tx
      .select({ body: task.body })
      .from(task)
      .where(and(eq(task.organizationId, organizationId), eq(task.conversationId, conversationId)))
      .orderBy(asc(task.createdAt))
      .limit(1),
  );
  return {
    organizationId,
    kind: "after_hours_person",
    dedupeKey: `after-hours:${c.id}`,
    facilityId: c.facilityId,
    subject: `${who} asked for a person after hours${where}`,
    body: left?.body
      ? `${who} ${how}${where} and asked to speak with someone while the office was closed. Their message: "${left.body}"`
      : `${who} ${how}${where} and asked to speak with someone while the office was closed. The agent offered to take a message; the conversation and any message are in the dashboard.`,
    path: `calls/${c.id}`,
  };
}

/** A message or call-back request the agent saved (a task): who, how to reach them, and their words. */
async function messageEvent(organizationId: string, taskId: string): Promise<AlertEvent | null> {
  const [m] = await withOrg(organizationId, (tx) =>
    tx
      .select({
        id: task.id,
        kind: task.kind,
        priority: task.priority,
        body: task.body,
        name: task.contactName,
        phone: task.contactPhone,
        email: task.contactEmail,
        facilityId: task.facilityId,
        facility: facility.name,
        conversationId: task.conversationId,
        channel: conversation.channel,
      })
      .from(task)
      .leftJoin(facility, eq(facility.id, task.facilityId))
      .leftJoin(conversation, eq(conversation.id, task.conversationId))
      .where(and(eq(task.organizationId, organizationId), eq(task.id, taskId))),
  );
  // Dashboard playground sessions are staff trying the agent, not callers.
  if (!m || m.channel === "playground") return null;
  const reach = [formatPhone(m.phone), m.email].filter(Boolean).join(", ");
  const who = m.name ? `${m.name}${reach ? ` (${reach})` : ""}` : reach || "A caller";
  const where = m.facility ? ` for ${m.facility}` : "";
  const urgent = m.priority === "urgent" ? "URGENT: " : "";
  const words = m.kind === "message" && m.body ? `: "${m.body}"` : "";
  return {
    organizationId,
    kind: "message_taken",
    dedupeKey: `message:${m.id}`,
    facilityId: m.facilityId,
    subject: `${urgent}${m.kind === "message" ? "Message" : "Call-back request"} from ${m.name ?? (reach || "a caller")}${where}`,
    body: `${urgent}${who} ${m.kind === "message" ? "left a message" : "asked for a call back"}${where}${words}. ${m.body && m.kind !== "message" ? m.body : ""}`.trim(),
    path: m.conversationId ? `calls/${m.conversationId}` : "calls",
  };
}

/** A card payment disputed by the customer's bank (what, how much, the evidence deadline), or its outcome. */
async function disputeEvent(organizationId: string, subjectId: string): Promise<AlertEvent | null> {
  const closed = subjectId.startsWith("closed:");
  const disputeId = closed ? subjectId.slice("closed:".length) : subjectId;
  const [d] = await withOrg(organizationId, (tx) =>
    tx
      .select({
        id: paymentDispute.id,
        amountCents: paymentDispute.amountCents,
        reason: paymentDispute.reason,
        status: paymentDispute.status,
        dueBy: paymentDispute.evidenceDueBy,
        paymentAmount: payment.amountCents,
        receivedAt: payment.receivedAt,
        customerId: payment.customerId,
        customer: customer.name,
        phone: customer.phone,
      })
      .from(paymentDispute)
      .innerJoin(payment, eq(payment.id, paymentDispute.paymentId))
      .innerJoin(customer, eq(customer.id, payment.customerId))
      .where(and(eq(paymentDispute.organizationId, organizationId), eq(paymentDispute.id, disputeId))),
  );
  if (!d) return null;
  const who = d.customer || formatPhone(d.phone) || "A customer";
  const amount = formatCell(d.amountCents, "money", "print");
  const paid = `${formatCell(d.paymentAmount, "money", "print")} card payment of ${d.receivedAt.toISOString().slice(0, 10)}`;
  const why = d.reason ? ` (reason: ${d.reason.replace(/_/g, " ")})` : "";
  if (closed) {
    const outcome =
      d.status === "lost"
        ? `was lost: ${amount} went back to the customer and is on their balance again`
        : d.status === "won"
          ? "was won: the payment stands"
          : `was closed (${d.status.replace(/_/g, " ")})`;
    return {
      organizationId,
      kind: "payment_disputed",
      dedupeKey: `dispute-closed:${d.id}`,
      subject: `Dispute ${d.status === "lost" ? "lost" : d.status === "won" ? "won" : "closed"}: ${who}, ${amount}`,
      body: `The dispute of ${who}'s ${paid}${why} ${outcome}.`,
      path: `customers/${d.customerId}`,
    };
  }
  const due = d.dueBy ? ` Evidence is due by ${d.dueBy.toUTCString()}: answer it in your Stripe Dashboard.` : "";
  return {
    organizationId,
    kind: "payment_disputed",
    dedupeKey: `dispute:${d.id}`,
    subject: `Payment disputed: ${who}, ${amount}`,
    body: `${who}'s bank disputed ${amount} of the ${paid}${why}. Stripe holds the amount until the dispute is decided.${due}`,
    path: `customers/${d.customerId}`,
  };
}
