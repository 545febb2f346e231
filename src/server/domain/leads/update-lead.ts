import { and, asc, count, desc, eq, type SQL } from "drizzle-orm";

import { recordAudit } from "@/server/audit";
import { recordEvent } from "@/server/events/record";
import type { Executor } from "@/server/db/client";
import { customer, lead, type LeadStatus } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { notFound } from "@/server/domain/errors";

import { ZLeadDetails } from "./lead-input";
import { assertLeadReferences } from "./lead-references";
import type { z } from "zod";

/** Edits a lead's details (owner, desired size/date, notes, follow-up, score). */
export async function updateLead(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  leadId: string,
  patch: z.input<typeof ZLeadDetails>,
) {
  const data = ZLeadDetails.parse(patch);
  await assertLeadReferences(tx, organizationId, data);
  const [row] = await tx
    .update(lead)
    .set(data)
    .where(and(eq(lead.organizationId, organizationId), eq(lead.id, leadId)))
    .returning();
  if (!row) throw notFound("Lead");
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "lead.updated",
    targetType: "lead",
    targetId: leadId,
    data: { fields: Object.keys(data) },
  });
  await recordEvent(tx, { type: "lead.updated", organizationId, leadId });
  return row;
}

export function listLeads(
  tx: Executor,
  organizationId: string,
  f: { status?: LeadStatus; ownerMemberId?: string; limit?: number } = {},
) {
  const where: SQL[] = [eq(lead.organizationId, organizationId)];
  if (f.status) where.push(eq(lead.status, f.status));
  if (f.ownerMemberId) where.push(eq(lead.ownerMemberId, f.ownerMemberId));
  return tx
    .select({ lead, customer: { id: customer.id, name: customer.name, phone: customer.phone, email: customer.email } })
    .from(lead)
    .innerJoin(customer, eq(customer.id, lead.customerId))
    .where(and(...where))
    .orderBy(asc(lead.nextFollowUpAt), desc(lead.updatedAt))
    .limit(Math.min(f.limit ?? 500, 2000));
}

/** How many leads each status holds: the board's column totals, which a page of cards cannot give. */
export async function countLeadsByStatus(
  tx: Executor,
  organizationId: string,
): Promise<Partial<Record<LeadStatus, number>>> {
  const rows = await tx
    .select({ status: lead.status, n: count() })
    .from(lead)
    .where(eq(lead.organizationId, organizationId))
    .groupBy(lead.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}
