import { and, desc, eq, gte, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";

import type { Transaction } from "@/server/db/client";
import { CONVERSATION_CHANNELS, CONVERSATION_OUTCOMES, conversation, facility } from "@/server/db/schema";

/**
 * The Calls list: every conversation (calls, texts, chats, playground), newest first, filtered by
 * facility, channel, outcome and a date range, paged by a keyset cursor (startedAt, id) so new
 * calls arriving while someone scrolls never shift or repeat a page.
 */
export const ZListCalls = z.object({
  facilityId: z.uuid().nullish(),
  channel: z.enum(CONVERSATION_CHANNELS).nullish(),
  outcome: z.enum([...CONVERSATION_OUTCOMES, "none"]).nullish(),
  status: z.enum(["active", "ended"]).nullish(),
  from: z.coerce.date().nullish(),
  to: z.coerce.date().nullish(),
  cursor: z
    .string()
    .regex(/^\d{4}-\d\d-\d\dT[\d:.]+Z\|[0-9a-f-]{36}$/, "invalid cursor")
    .nullish(),
  limit: z.number().int().min(1).max(100).default(25),
});
export type ListCallsInput = z.input<typeof ZListCalls>;

export async function listCalls(tx: Transaction, organizationId: string, raw: ListCallsInput) {
  const input = ZListCalls.parse(raw);
  const where: SQL[] = [eq(conversation.organizationId, organizationId)];
  if (input.facilityId) where.push(eq(conversation.facilityId, input.facilityId));
  if (input.channel) where.push(eq(conversation.channel, input.channel));
  if (input.status) where.push(eq(conversation.status, input.status));
  if (input.outcome === "none") where.push(isNull(conversation.outcome));
  else if (input.outcome) where.push(eq(conversation.outcome, input.outcome));
  if (input.from) where.push(gte(conversation.startedAt, input.from));
  if (input.to) where.push(lt(conversation.startedAt, input.to));
  if (input.cursor) {
    const [at, id] = input.cursor.split("|") as [string, string];
    const when = new Date(at);
    where.push(or(lt(conversation.startedAt, when), and(eq(conversation.startedAt, when), lt(conversation.id, id)))!);
  }
  const rows = await tx
    .select({
      id: conversation.id,
      channel: conversation.channel,
      status: conversation.status,
      providerStatus: conversation.providerStatus,
      outcome: conversation.outcome,
      fromAddress: conversation.fromAddress,
      // Who called, by name: the verified customer, else the lead's customer, else a name the caller gave.
      callerName: sql<string | null>`coalesce(
        (select c.name from customer c where c.id = ${conversation.customerId} and c.name <> ''),
        (select c.name from lead l join customer c on c.id = l.customer_id where l.id = ${conversation.leadId} and c.name <> ''),
        nullif(${conversation.state}->'slots'->>'name', '')
      )`,
      toAddress: conversation.toAddress,
      facilityId: conversation.facilityId,
      facilityName: facility.name,
      turnCount: conversation.turnCount,
      durationSeconds: conversation.durationSeconds,
      summary: conversation.summary,
      leadId: conversation.leadId,
      reservationId: conversation.reservationId,
      language: conversation.language,
      startedAt: conversation.startedAt,
      endedAt: conversation.endedAt,
    })
    .from(conversation)
    .leftJoin(facility, and(eq(facility.id, conversation.facilityId), eq(facility.organizationId, organizationId)))
    .where(and(...where))
    .orderBy(desc(conversation.startedAt), desc(conversation.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > input.limit && last ? `${last.startedAt.toISOString()}|${last.id}` : null };
}
