import { and, count, eq, isNull, sql, type SQL } from "drizzle-orm";
import { z } from "zod";

import type { Executor } from "@/server/db/client";
import {
  customer,
  facility,
  lead,
  LEAD_SOURCES,
  LEAD_STATUSES,
  member,
  user,
  type LeadStatus,
} from "@/server/db/schema";
import { after, cursorColumn, decodeCursor, orderBy, page, type SortKey } from "@/server/domain/lists/keyset";
import { ZSearchText } from "@/server/domain/lists/search-text";
import { matchCustomer } from "@/server/domain/search/match-customer";

/**
 * The Leads page (issue 22, "find anyone"): board columns and the list view, searched (name, phone in
 * any format, e-mail: as the header's search), filtered (status, owner incl. "me" and "nobody",
 * facility, source), sorted, and paged by keyset ("show more") however many leads there are.
 */
export const LEAD_SORTS = ["follow_up", "recent", "created", "name", "score"] as const;
export type LeadSort = (typeof LEAD_SORTS)[number];

export const ZLeadFilters = z.object({
  query: ZSearchText.default(""),
  owner: z.union([z.enum(["anyone", "me", "nobody"]), z.string().min(1).max(100)]).default("anyone"),
  facilityId: z.uuid().nullish(),
  source: z.enum(LEAD_SOURCES).nullish(),
});
export const ZLeadList = ZLeadFilters.extend({
  status: z.enum(LEAD_STATUSES).nullish(),
  sort: z.enum(LEAD_SORTS).default("follow_up"),
  cursor: z.string().max(4000).nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type LeadListInput = z.input<typeof ZLeadList>;
export type LeadFiltersInput = z.input<typeof ZLeadFilters>;

const followUp = sql`coalesce(${lead.nextFollowUpAt}, 'infinity'::timestamptz)`;
const noName = sql`(${customer.name} = '')`;
const lowerName = sql`lower(${customer.name})`;
/**
 * The orders, each ending in the id. follow_up is the board's: the next follow-up due first (none
 * last), then the most recently changed; lead_board_order indexes it per status.
 */
const SORT_KEYS: Record<LeadSort, SortKey[]> = {
  follow_up: [
    { expr: followUp, dir: "asc", type: "timestamptz" },
    { expr: lead.updatedAt, dir: "desc", type: "timestamptz" },
    { expr: lead.id, dir: "asc", type: "uuid" },
  ],
  recent: [
    { expr: lead.updatedAt, dir: "desc", type: "timestamptz" },
    { expr: lead.id, dir: "desc", type: "uuid" },
  ],
  created: [
    { expr: lead.createdAt, dir: "desc", type: "timestamptz" },
    { expr: lead.id, dir: "desc", type: "uuid" },
  ],
  // Named people A to Z, then those with no name.
  name: [
    { expr: noName, dir: "asc", type: "bool" },
    { expr: lowerName, dir: "asc", type: "text" },
    { expr: lead.id, dir: "asc", type: "uuid" },
  ],
  score: [
    { expr: lead.score, dir: "desc", type: "int" },
    { expr: lead.updatedAt, dir: "desc", type: "timestamptz" },
    { expr: lead.id, dir: "desc", type: "uuid" },
  ],
};

function filterWhere(organizationId: string, viewerMemberId: string, f: z.output<typeof ZLeadFilters>): SQL[] {
  const where: SQL[] = [eq(lead.organizationId, organizationId)];
  if (f.query) where.push(matchCustomer(f.query));
  if (f.owner === "nobody") where.push(isNull(lead.ownerMemberId));
  else if (f.owner !== "anyone") where.push(eq(lead.ownerMemberId, f.owner === "me" ? viewerMemberId : f.owner));
  if (f.facilityId) where.push(eq(lead.facilityId, f.facilityId));
  if (f.source) where.push(eq(lead.source, f.source));
  return where;
}

export async function listLeads(tx: Executor, organizationId: string, viewerMemberId: string, raw: LeadListInput = {}) {
  const input = ZLeadList.parse(raw);
  const keys = SORT_KEYS[input.sort];
  const where = filterWhere(organizationId, viewerMemberId, input);
  if (input.status) where.push(eq(lead.status, input.status));
  if (input.cursor) where.push(after(keys, decodeCursor(input.cursor, input.sort, keys)));
  const rows = await tx
    .select({
      lead,
      customer: { id: customer.id, name: customer.name, phone: customer.phone, email: customer.email },
      facilityName: facility.name,
      ownerName: sql<string | null>`nullif(${user.name}, '')`,
      cursor: cursorColumn(keys),
    })
    .from(lead)
    .innerJoin(customer, and(eq(customer.id, lead.customerId), eq(customer.organizationId, organizationId)))
    .leftJoin(facility, and(eq(facility.id, lead.facilityId), eq(facility.organizationId, organizationId)))
    .leftJoin(member, and(eq(member.id, lead.ownerMemberId), eq(member.organizationId, organizationId)))
    .leftJoin(user, eq(user.id, member.userId))
    .where(and(...where))
    .orderBy(...orderBy(keys))
    .limit(input.limit + 1);
  return page(rows, input.limit, input.sort);
}

/**
 * How many leads each status holds under the same search and filters: the board's column totals and
 * the list's "of N", which a page of cards cannot give.
 */
export async function countLeadsByStatus(
  tx: Executor,
  organizationId: string,
  viewerMemberId: string,
  raw: LeadFiltersInput = {},
): Promise<Partial<Record<LeadStatus, number>>> {
  const f = ZLeadFilters.parse(raw);
  const rows = await tx
    .select({ status: lead.status, n: count() })
    .from(lead)
    .innerJoin(customer, and(eq(customer.id, lead.customerId), eq(customer.organizationId, organizationId)))
    .where(and(...filterWhere(organizationId, viewerMemberId, f)))
    .groupBy(lead.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}
