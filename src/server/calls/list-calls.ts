import { and, eq, gte, ilike, isNull, like, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";

import type { Transaction } from "@/server/db/client";
import { CONVERSATION_CHANNELS, CONVERSATION_OUTCOMES, conversation, customer, facility } from "@/server/db/schema";
import { after, cursorColumn, decodeCursor, orderBy, page, type SortKey } from "@/server/domain/lists/keyset";
import { escapeLike, ZSearchText } from "@/server/domain/lists/search-text";
import { readQuery } from "@/server/domain/search/find-anyone";
import { matchCustomer } from "@/server/domain/search/match-customer";
import { coercedDate } from "@/lib/zod-dates";

/**
 * The Calls list: every conversation (calls, texts, chats, playground), searched (caller, number,
 * summary), filtered by facility, channel, outcome, status and a date range, sorted (newest first by
 * default), paged by a keyset cursor (src/server/domain/lists/keyset.ts) so new calls arriving while
 * someone scrolls never shift or repeat a page.
 */
export const CALL_SORTS = ["newest", "oldest", "longest", "turns"] as const;
export type CallSort = (typeof CALL_SORTS)[number];

const SORT_KEYS: Record<CallSort, SortKey[]> = {
  newest: [
    { expr: conversation.startedAt, dir: "desc", type: "timestamptz" },
    { expr: conversation.id, dir: "desc", type: "uuid" },
  ],
  oldest: [
    { expr: conversation.startedAt, dir: "asc", type: "timestamptz" },
    { expr: conversation.id, dir: "asc", type: "uuid" },
  ],
  // Longest first; a live call (no duration yet) after the finished ones.
  longest: [
    { expr: sql`coalesce(${conversation.durationSeconds}, -1)`, dir: "desc", type: "int" },
    { expr: conversation.startedAt, dir: "desc", type: "timestamptz" },
    { expr: conversation.id, dir: "desc", type: "uuid" },
  ],
  turns: [
    { expr: conversation.turnCount, dir: "desc", type: "int" },
    { expr: conversation.startedAt, dir: "desc", type: "timestamptz" },
    { expr: conversation.id, dir: "desc", type: "uuid" },
  ],
};

/**
 * What the search box finds: the number called from (any format, any part), the customer's name,
 * phone or e-mail (the verified customer's or the lead's), or every word in the summary. Each part has
 * an index: conversation_from_trgm, the customer trigram indexes with conversation (org, customer),
 * conversation_summary_trgm.
 */
function searchCalls(organizationId: string, text: string): SQL {
  const q = readQuery(text);
  const people = sql`select ${customer.id} from ${customer} where ${customer.organizationId} = ${organizationId} and ${matchCustomer(text)}`;
  const matches: SQL[] = [
    sql`${conversation.customerId} in (${people})`,
    sql`${conversation.leadId} in (select l.id from lead l where l.organization_id = ${organizationId} and l.customer_id in (${people}))`,
  ];
  if (q.phoneLike) matches.push(like(conversation.fromAddress, `%${q.phoneDigits}%`));
  if (q.words.length) matches.push(and(...q.words.map((w) => ilike(conversation.summary, `%${escapeLike(w)}%`)))!);
  return or(...matches)!;
}

export const ZListCalls = z.object({
  facilityId: z.uuid().nullish(),
  channel: z.enum(CONVERSATION_CHANNELS).nullish(),
  outcome: z.enum([...CONVERSATION_OUTCOMES, "none"]).nullish(),
  status: z.enum(["active", "ended"]).nullish(),
  from: coercedDate().nullish(),
  to: coercedDate().nullish(),
  query: ZSearchText.default(""),
  sort: z.enum(CALL_SORTS).default("newest"),
  cursor: z.string().max(4000).nullish(),
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
  if (input.query) where.push(searchCalls(organizationId, input.query));
  const keys = SORT_KEYS[input.sort];
  if (input.cursor) where.push(after(keys, decodeCursor(input.cursor, input.sort, keys)));
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
      cursor: cursorColumn(keys),
    })
    .from(conversation)
    .leftJoin(facility, and(eq(facility.id, conversation.facilityId), eq(facility.organizationId, organizationId)))
    .where(and(...where))
    .orderBy(...orderBy(keys))
    .limit(input.limit + 1);
  return page(rows, input.limit, input.sort);
}
