import { and, eq } from "drizzle-orm";

import { auditEach } from "@/server/audit";
import { emitLeadEvent } from "@/server/webhooks/domain-events";
import type { Executor } from "@/server/db/client";
import { lead, type LeadStatus } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { upsertCustomer } from "@/server/domain/customers/upsert-customer";
import { DomainError } from "@/server/domain/errors";

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
  const defined = Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined && v !== null));
  // The customer lookup also brings back this person's lead, locked: no read of our own for it. A
  // person with no customer yet gets the customer and this lead in one statement.
  const newLead = { source, notes: notes ?? null, ...defined };
  const { customer, lead: found, insertedLead } = await upsertCustomer(tx, organizationId, actor, { name, phone, email }, { withLeadLocked: true, newLead });
  if (insertedLead) {
    await emitLeadEvent(tx, organizationId, "lead.created", insertedLead.id);
    return { lead: insertedLead, customer, created: true };
  }

  for (let attempt = 0; attempt < 2; attempt++) {
    // No lead found (a new customer, or one without a lead) means insert, unless a concurrent
    // capture made one meanwhile: then the insert below returns nothing and the second pass reads
    // and merges it.
    const [existing] = attempt === 0 ? (found ? [found] : []) : await tx.select().from(lead).where(and(eq(lead.organizationId, organizationId), eq(lead.customerId, customer.id))).for("update");
    if (existing) {
      const reopened = existing.status === "lost";
      const patch = {
        ...defined,
        ...(notes ? { notes: existing.notes ? `${existing.notes}\n${notes}` : notes } : {}),
        ...(reopened ? { status: "new" as LeadStatus, lostReason: null } : {}),
      };
      // The update, its audit row and the row back: one statement. Nothing new still marks the lead
      // as heard from (and drizzle refuses an empty SET): then only updatedAt moves.
      const set = Object.keys(patch).length > 0 ? patch : { updatedAt: new Date() };
      const updated = tx.$with("updated").as(tx.update(lead).set(set).where(and(eq(lead.organizationId, organizationId), eq(lead.id, existing.id))).returning());
      const [row] = await tx
        .with(updated, auditEach(tx, updated, { organizationId, actor, action: "lead.merged", targetType: "lead", data: { source, fields: Object.keys(patch), reopened } }))
        .select()
        .from(updated);
      await emitLeadEvent(tx, organizationId, "lead.updated", existing.id);
      return { lead: row!, customer, created: false };
    }
    // ON CONFLICT DO NOTHING rather than a savepoint: no row back means a concurrent capture made
    // this person's lead, and the next pass merges into it. The insert and its audit row are one statement.
    const inserted = tx.$with("inserted").as(tx.insert(lead).values({ organizationId, customerId: customer.id, ...newLead }).onConflictDoNothing().returning());
    const [row] = await tx
      .with(inserted, auditEach(tx, inserted, { organizationId, actor, action: "lead.created", targetType: "lead", data: { source, customerId: customer.id } }))
      .select()
      .from(inserted);
    if (row) {
      await emitLeadEvent(tx, organizationId, "lead.created", row.id);
      return { lead: row, customer, created: true };
    }
  }
  throw new DomainError("CONFLICT", "This lead was being changed by another request; try again.");
}
