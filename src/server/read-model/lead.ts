import { and, eq, type SQL } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import { customer, lead } from "@/server/db/schema";
import { notFound } from "@/server/domain/errors";

import { cursorMicros } from "./cursor";
import { toLead } from "./serializers";

/** Leads with their customer's contact details, keyset-paged (the domain's listLeads is board-ordered). */
export function selectLeads(tx: Executor, where: SQL | undefined) {
  return tx
    .select({
      l: lead,
      c: { name: customer.name, phone: customer.phone, email: customer.email },
      cursorMicros: cursorMicros(lead.createdAt),
      id: lead.id,
    })
    .from(lead)
    .innerJoin(customer, eq(customer.id, lead.customerId))
    .where(where);
}

/** The public JSON of one lead; also what lead.* webhook events carry as `data`. */
export async function loadLeadJson(tx: Executor, organizationId: string, leadId: string) {
  const [row] = await selectLeads(tx, and(eq(lead.organizationId, organizationId), eq(lead.id, leadId)));
  if (!row) throw notFound("Lead");
  return toLead(row.l, row.c);
}
