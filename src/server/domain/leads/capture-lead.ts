import { and, eq } from "drizzle-orm";

import { recordAudit } from "@/server/audit";
import { emitLeadEvent } from "@/server/webhooks/domain-events";
import type { Executor } from "@/server/db/client";
import { lead, type LeadStatus } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { upsertCustomer } from "@/server/domain/customers/upsert-customer";
import { isUniqueViolation } from "@/server/domain/errors";

import { ZCaptureLead, type CaptureLeadInput } from "./lead-input";
import { assertLeadReferences } from "./lead-references";

/**
 * Records interest from a caller, texter, chatter or visitor. One lead per person per organization:
 * the person is found by phone or e-mail (see upsertCustomer) and an existing lead is merged: new
 * details fill in or replace desired size/date, notes are appended, and a lost lead is reopened.
 */
export async function captureLead(tx: Executor, organizationId: string, actor: Actor, input: CaptureLeadInput) {
  const { source, name, phone, email, notes, ...details } = ZCaptureLead.parse(input);
  await assertLeadReferences(tx, organizationId, details);
  const { customer } = await upsertCustomer(tx, organizationId, actor, { name, phone, email });
  const defined = Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined && v !== null));

  for (let attempt = 0; attempt < 2; attempt++) {
    const [existing] = await tx.select().from(lead).where(and(eq(lead.organizationId, organizationId), eq(lead.customerId, customer.id))).for("update");
    if (existing) {
      const reopened = existing.status === "lost";
      const patch = {
        ...defined,
        ...(notes ? { notes: existing.notes ? `${existing.notes}\n${notes}` : notes } : {}),
        ...(reopened ? { status: "new" as LeadStatus, lostReason: null } : {}),
      };
      const [row] = await tx.update(lead).set(patch).where(and(eq(lead.organizationId, organizationId), eq(lead.id, existing.id))).returning();
      await recordAudit(tx, { organizationId, actor, action: "lead.merged", targetType: "lead", targetId: existing.id, data: { source, fields: Object.keys(patch), reopened } });
      await emitLeadEvent(tx, organizationId, "lead.updated", existing.id);
      return { lead: row!, customer, created: false };
    }
    try {
      const [row] = await tx.transaction((sp) => sp.insert(lead).values({ organizationId, customerId: customer.id, source, notes: notes ?? null, ...defined }).returning());
      await recordAudit(tx, { organizationId, actor, action: "lead.created", targetType: "lead", targetId: row!.id, data: { source, customerId: customer.id } });
      await emitLeadEvent(tx, organizationId, "lead.created", row!.id);
      return { lead: row!, customer, created: true };
    } catch (err) {
      if (!isUniqueViolation(err) || attempt > 0) throw err;
    }
  }
  throw new Error("unreachable");
}
