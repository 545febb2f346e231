import { and, asc, desc, eq, isNull, sql, type SQL } from "drizzle-orm";
import { z } from "zod";

import type { Executor } from "@/server/db/client";
import { customer, facility, lead, LEAD_STATUSES, member, user } from "@/server/db/schema";
import { ZSearchTextCut } from "@/server/domain/lists/search-text";
import { matchCustomer } from "@/server/domain/search/match-customer";

/**
 * The Customers page (issue 22, "find anyone"): every person the organization knows, a page at a
 * time, with the total. Search (name words, e-mail, phone digits in any format, as the header's
 * search reads them), filters (lead status or "no lead", lead owner incl. "me" and "nobody",
 * facility of the lead, tenants only) and four sort orders. OFFSET paging: a page number is what the
 * page shows, and the filtered set is one organization's customers.
 */
export const CUSTOMER_SORTS = ["recent", "created", "name", "last_contact"] as const;
export const ZBrowseCustomers = z.object({
  /** Cut to 100 characters, not refused (src/server/domain/lists/search-text.ts). */
  query: ZSearchTextCut.default(""),
  status: z.union([z.enum(LEAD_STATUSES), z.literal("no_lead")]).nullish(),
  owner: z.union([z.enum(["anyone", "me", "nobody"]), z.string().min(1).max(100)]).default("anyone"),
  facilityId: z.uuid().nullish(),
  tenantsOnly: z.boolean().default(false),
  sort: z.enum(CUSTOMER_SORTS).default("recent"),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(50),
});
export type BrowseCustomersInput = z.input<typeof ZBrowseCustomers>;

export async function browseCustomers(
  tx: Executor,
  organizationId: string,
  viewerMemberId: string,
  raw: BrowseCustomersInput,
) {
  const input = ZBrowseCustomers.parse(raw);
  const where: (SQL | undefined)[] = [eq(customer.organizationId, organizationId)];
  if (input.query.length > 0) where.push(matchCustomer(input.query));
  if (input.status === "no_lead") where.push(isNull(lead.id));
  else if (input.status) where.push(eq(lead.status, input.status));
  if (input.owner === "nobody") where.push(isNull(lead.ownerMemberId));
  else if (input.owner !== "anyone")
    where.push(eq(lead.ownerMemberId, input.owner === "me" ? viewerMemberId : input.owner));
  if (input.facilityId) where.push(eq(lead.facilityId, input.facilityId));
  const currentRental = sql<boolean>`exists (select 1 from rental r where r.organization_id = ${organizationId}
    and r.customer_id = ${customer.id} and r.moved_out_at is null)`;
  if (input.tenantsOnly) where.push(currentRental);
  const lastContact = sql<Date | null>`(select max(c.started_at) from conversation c
    where c.organization_id = ${organizationId} and c.customer_id = ${customer.id})`;
  const order = {
    recent: [desc(customer.updatedAt)],
    created: [desc(customer.createdAt)],
    name: [sql`lower(${customer.name}) = ''`, asc(sql`lower(${customer.name})`)],
    last_contact: [sql`${lastContact} desc nulls last`],
  }[input.sort];

  const base = tx
    .select({
      id: customer.id,
      name: customer.name,
      phone: customer.phone,
      email: customer.email,
      createdAt: customer.createdAt,
      updatedAt: customer.updatedAt,
      leadId: lead.id,
      leadStatus: lead.status,
      leadFacilityId: lead.facilityId,
      facilityName: facility.name,
      ownerMemberId: lead.ownerMemberId,
      ownerName: user.name,
      tenant: currentRental.as("tenant"),
      lastContactAt: sql<string | null>`${lastContact}`.as("last_contact_at"),
    })
    .from(customer)
    .leftJoin(lead, and(eq(lead.customerId, customer.id), eq(lead.organizationId, organizationId)))
    .leftJoin(facility, eq(facility.id, lead.facilityId))
    .leftJoin(member, eq(member.id, lead.ownerMemberId))
    .leftJoin(user, eq(user.id, member.userId))
    .where(and(...where));
  const rows = await base
    .orderBy(...order, asc(customer.id))
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize);
  const [count] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(customer)
    .leftJoin(lead, and(eq(lead.customerId, customer.id), eq(lead.organizationId, organizationId)))
    .where(and(...where));
  return {
    items: rows.map((r) => ({
      ...r,
      lastContactAt: r.lastContactAt ? new Date(r.lastContactAt) : null,
    })),
    total: count?.n ?? 0,
    page: input.page,
    pageSize: input.pageSize,
  };
}
