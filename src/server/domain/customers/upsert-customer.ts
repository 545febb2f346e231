import { and, eq, or, type SQL } from "drizzle-orm";
import { z } from "zod";

import { auditEach } from "@/server/audit";
import type { Executor } from "@/server/db/client";
import { customer } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { DomainError } from "@/server/domain/errors";

import { normalizeEmail, toE164 } from "./normalize-phone";

export const ZCustomerInput = z.object({
  name: z.string().trim().max(200).optional(),
  phone: z.string().trim().max(40).nullish(),
  email: z.string().trim().max(254).nullish(),
  notes: z.string().trim().max(4000).nullish(),
});
export type CustomerInput = z.input<typeof ZCustomerInput>;

/** Validates and normalises contact details: phone to E.164, e-mail lower-cased. */
export function normalizeContact(input: CustomerInput) {
  const c = ZCustomerInput.parse(input);
  const phone = c.phone ? toE164(c.phone) : null;
  if (c.phone && !phone) throw new DomainError("BAD_REQUEST", `"${c.phone}" is not a valid phone number.`, { field: "phone" });
  const email = c.email ? normalizeEmail(c.email) : null;
  if (email && !z.email().safeParse(email).success) throw new DomainError("BAD_REQUEST", `"${c.email}" is not a valid e-mail address.`, { field: "email" });
  return { name: c.name ?? "", phone, email, notes: c.notes ?? null };
}

/**
 * Finds the organization's customer by phone, then e-mail, and fills in what is missing; creates
 * one when neither matches. A phone or e-mail already on another customer is not moved.
 */
export async function upsertCustomer(tx: Executor, organizationId: string, actor: Actor, input: CustomerInput) {
  const c = normalizeContact(input);
  if (!c.phone && !c.email) throw new DomainError("BAD_REQUEST", "A customer needs a phone number or an e-mail address.");
  for (let attempt = 0; attempt < 2; attempt++) {
    const match: SQL[] = [];
    if (c.phone) match.push(eq(customer.phone, c.phone));
    if (c.email) match.push(eq(customer.email, c.email));
    const found = await tx.select().from(customer).where(and(eq(customer.organizationId, organizationId), or(...match)));
    const existing = found.find((r) => c.phone && r.phone === c.phone) ?? found[0];
    if (existing) {
      const patch: Partial<typeof customer.$inferInsert> = {};
      if (c.name && c.name !== existing.name) patch.name = c.name;
      if (c.phone && !existing.phone && !found.some((r) => r.phone === c.phone)) patch.phone = c.phone;
      if (c.email && !existing.email && !found.some((r) => r.email === c.email)) patch.email = c.email;
      if (c.notes) patch.notes = existing.notes ? `${existing.notes}\n${c.notes}` : c.notes;
      if (Object.keys(patch).length === 0) return { customer: existing, created: false };
      // The update, its audit row and the row back: one statement.
      const updated = tx.$with("updated").as(tx.update(customer).set(patch).where(and(eq(customer.organizationId, organizationId), eq(customer.id, existing.id))).returning());
      const [row] = await tx
        .with(updated, auditEach(tx, updated, { organizationId, actor, action: "customer.updated", targetType: "customer", data: { fields: Object.keys(patch) } }))
        .select()
        .from(updated);
      return { customer: row!, created: false };
    }
    // ON CONFLICT DO NOTHING rather than a savepoint: no row back means a concurrent request
    // created the same person, and the next pass merges into theirs. The insert and its audit row
    // are one statement.
    const inserted = tx.$with("inserted").as(tx.insert(customer).values({ organizationId, ...c }).onConflictDoNothing().returning());
    const [row] = await tx
      .with(inserted, auditEach(tx, inserted, { organizationId, actor, action: "customer.created", targetType: "customer", data: { name: c.name } }))
      .select()
      .from(inserted);
    if (row) return { customer: row, created: true };
  }
  throw new DomainError("CONFLICT", "This customer was being changed by another request; try again.");
}
