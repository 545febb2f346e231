import { and, asc, eq } from "drizzle-orm";

import type { Transaction } from "@/server/db/client";
import { conversation, customer, facility, lead, message, reservation } from "@/server/db/schema";
import { notFound } from "@/server/domain/errors";

/** One call with its transcript turn by turn (timings, tool calls, barge-ins) and its links. */
export async function getCall(tx: Transaction, organizationId: string, id: string) {
  const [row] = await tx
    .select({ c: conversation, facilityName: facility.name })
    .from(conversation)
    .leftJoin(facility, and(eq(facility.id, conversation.facilityId), eq(facility.organizationId, organizationId)))
    .where(and(eq(conversation.organizationId, organizationId), eq(conversation.id, id)));
  if (!row) throw notFound("Call");
  const c = row.c;
  const messages = await tx
    .select({
      id: message.id,
      seq: message.seq,
      role: message.role,
      text: message.text,
      intent: message.intent,
      confidence: message.confidence,
      toolCalls: message.toolCalls,
      brain: message.brain,
      timings: message.timings,
      interrupted: message.interrupted,
      createdAt: message.createdAt,
    })
    .from(message)
    .where(and(eq(message.organizationId, organizationId), eq(message.conversationId, id)))
    .orderBy(asc(message.seq));
  const [leadRow] = c.leadId
    ? await tx
        .select({ id: lead.id, status: lead.status, customerId: lead.customerId, name: customer.name })
        .from(lead)
        .leftJoin(customer, eq(customer.id, lead.customerId))
        .where(and(eq(lead.organizationId, organizationId), eq(lead.id, c.leadId)))
    : [];
  const [reservationRow] = c.reservationId
    ? await tx
        .select({
          id: reservation.id,
          status: reservation.status,
          confirmationCode: reservation.confirmationCode,
          moveInDate: reservation.moveInDate,
        })
        .from(reservation)
        .where(and(eq(reservation.organizationId, organizationId), eq(reservation.id, c.reservationId)))
    : [];
  return {
    call: {
      id: c.id,
      channel: c.channel,
      direction: c.direction,
      status: c.status,
      providerStatus: c.providerStatus,
      outcome: c.outcome,
      summary: c.summary,
      sentiment: c.sentiment,
      fromAddress: c.fromAddress,
      toAddress: c.toAddress,
      externalId: c.externalId,
      facilityId: c.facilityId,
      facilityName: row.facilityName,
      language: c.language,
      turnCount: c.turnCount,
      durationSeconds: c.durationSeconds,
      startedAt: c.startedAt,
      endedAt: c.endedAt,
      handler: c.handler,
    },
    messages,
    lead: leadRow ?? null,
    reservation: reservationRow ?? null,
  };
}
