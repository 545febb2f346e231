import { and, eq, getTableColumns, or, sql, type Column, type SQL } from "drizzle-orm";
import { z } from "zod";

import { auditEach } from "@/server/audit";
import type { Executor } from "@/server/db/client";
import { columnDefault, insertSelectRow, placeholderFor } from "@/server/db/insert-select";
import { prepared } from "@/server/db/prepared";
import { customer, lead } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { DomainError } from "@/server/domain/errors";

import { normalizeEmail, toE164 } from "@/lib/normalize-phone";

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
  if (c.phone && !phone)
    throw new DomainError("BAD_REQUEST", `"${c.phone}" is not a valid phone number.`, { field: "phone" });
  const email = c.email ? normalizeEmail(c.email) : null;
  if (email && !z.email().safeParse(email).success)
    throw new DomainError("BAD_REQUEST", `"${c.email}" is not a valid e-mail address.`, { field: "email" });
  return { name: c.name ?? "", phone, email, notes: c.notes ?? null };
}

type Customer = typeof customer.$inferSelect;
type Lead = typeof lead.$inferSelect;
type Contact = ReturnType<typeof normalizeContact>;

/** The lead columns captureLead sets on a new lead: one placeholder each in insertCustomerWithLead's statement. */
const NEW_LEAD_COLUMNS = [
  "facilityId",
  "source",
  "desiredWidthFt",
  "desiredLengthFt",
  "desiredUnitTypeId",
  "desiredMoveInDate",
  "ownerMemberId",
  "notes",
  "nextFollowUpAt",
  "score",
] as const satisfies readonly (keyof typeof lead.$inferInsert)[];

/** The lead captureLead makes for a person with no customer yet: inserted in the customer's statement. */
export type NewLead = Pick<typeof lead.$inferInsert, (typeof NEW_LEAD_COLUMNS)[number]>;

/** The organization's customers with this phone or e-mail: at most two, one per unique index. */
function matchContact(organizationId: string, c: Contact) {
  const match: SQL[] = [];
  if (c.phone) match.push(eq(customer.phone, c.phone));
  if (c.email) match.push(eq(customer.email, c.email));
  return and(eq(customer.organizationId, organizationId), or(...match));
}

/**
 * The matching customers and, in the same statement, the lead of the one upsertCustomer will pick
 * (the phone match, else the e-mail match) locked FOR UPDATE: a lead capture then needs no read of
 * its own. Postgres refuses FOR UPDATE on the nullable side of an outer join, so the lock is taken
 * in a CTE that the customers are left-joined to (one lead per customer: the unique index on
 * organization_id, customer_id). The columns are selected through drizzle, so they map as usual.
 *
 * Every lead capture runs it (an agent turn's, too), and drizzle takes longer to build it than
 * Postgres to run it, so it is prepared (src/server/db/prepared.ts): one shape, with phone and e-mail
 * both compared (an absent one is null, and `= null` matches nothing; a generic plan still uses both
 * partial unique indexes).
 */
function findWithLeadStatement(tx: Executor, name: string) {
  const p = sql.placeholder;
  const found = tx.$with("found").as(
    tx
      .select()
      .from(customer)
      .where(
        and(eq(customer.organizationId, p("org")), or(eq(customer.phone, p("phone")), eq(customer.email, p("email")))),
      ),
  );
  const picked = tx
    .select({ id: found.id })
    .from(found)
    .orderBy(sql`${found.phone} is not distinct from ${p("phone")} desc`)
    .limit(1);
  const locked = tx.$with("locked").as(
    tx
      .select()
      .from(lead)
      .where(and(eq(lead.organizationId, p("org")), eq(lead.customerId, picked)))
      .for("update"),
  );
  return tx
    .with(found, locked)
    .select({ customer: found._.selectedFields, lead: locked._.selectedFields })
    .from(found)
    .leftJoin(locked, eq(locked.customerId, found.id))
    .prepare(name);
}

function findWithLead(
  tx: Executor,
  organizationId: string,
  c: Contact,
): Promise<{ customer: Customer; lead: Lead | null }[]> {
  return prepared(tx, "customer_find_with_lead", findWithLeadStatement).execute({
    org: organizationId,
    phone: c.phone,
    email: c.email,
  });
}

/**
 * The new lead's row for `insert … select`: a captured column is its placeholder, or the column's
 * default when the placeholder is null (captureLead passes no nulls of its own: null means not given,
 * as undefined does for a VALUES insert); the customer's id comes from the customer's insert; the
 * others are their database defaults (gen_random_uuid(), now()), so the prepared statement fixes no
 * value at build time.
 */
function newLeadRow(customerId: Column) {
  const columns = getTableColumns(lead);
  const captured = NEW_LEAD_COLUMNS.map((key) => {
    const column = columns[key];
    const given = placeholderFor(column, key);
    return [key, column.default === undefined ? given : sql`coalesce(${given}, ${columnDefault(column)})`];
  });
  return insertSelectRow(lead, { ...Object.fromEntries(captured), organizationId: sql.placeholder("org"), customerId });
}

/**
 * A new customer and their first lead in one statement: captureLead's path for a caller we have never
 * seen, on an agent turn's latency path, one round trip fewer than the customer and then the lead. The
 * lead is inserted by selecting the customer's id from the customer's insert: when that conflicts (a
 * concurrent request created the same person), neither row is written and no row comes back, for the
 * caller's next pass to read and merge. A lead refused by its own ON CONFLICT (one per customer) comes
 * back null beside the customer, and captureLead merges. Each audit row is written only for a row that
 * was. One shape for every new person, so it is prepared (src/server/db/prepared.ts): building it took
 * drizzle longer than the two statements it replaces.
 */
function insertCustomerWithLeadStatement(tx: Executor, name: string) {
  const p = sql.placeholder;
  const audited = { organizationId: p("org"), actor: { userId: p("actorUserId"), label: p("actorLabel") } };
  const newCustomer = tx.$with("new_customer").as(
    tx
      .insert(customer)
      .values({
        organizationId: p("org"),
        name: p("name"),
        phone: p("phone"),
        email: p("email"),
        notes: p("customerNotes"),
      })
      .onConflictDoNothing()
      .returning(),
  );
  const newLead = tx.$with("new_lead").as(
    tx
      .insert(lead)
      .select(tx.select(newLeadRow(newCustomer.id)).from(newCustomer))
      .onConflictDoNothing()
      .returning(),
  );
  return tx
    .with(
      newCustomer,
      auditEach(
        tx,
        newCustomer,
        {
          ...audited,
          action: "customer.created",
          targetType: "customer",
          data: sql`jsonb_build_object('name', ${newCustomer.name})`,
        },
        "customer_audit",
      ),
      newLead,
      auditEach(
        tx,
        newLead,
        {
          ...audited,
          action: "lead.created",
          targetType: "lead",
          data: sql`jsonb_build_object('source', ${newLead.source}, 'customerId', ${newLead.customerId})`,
        },
        "lead_audit",
      ),
    )
    .select({ customer: newCustomer._.selectedFields, lead: newLead._.selectedFields })
    .from(newCustomer)
    .leftJoin(newLead, eq(newLead.customerId, newCustomer.id))
    .prepare(name);
}

async function insertCustomerWithLead(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  c: Contact,
  newLead: NewLead,
): Promise<{ customer: Customer; lead: Lead | null } | null> {
  const leadValues = Object.fromEntries(NEW_LEAD_COLUMNS.map((k) => [k, newLead[k] ?? null]));
  const [both] = await prepared(tx, "customer_insert_with_lead", insertCustomerWithLeadStatement).execute({
    org: organizationId,
    actorUserId: actor.userId ?? null,
    actorLabel: actor.label,
    name: c.name,
    phone: c.phone,
    email: c.email,
    customerNotes: c.notes,
    ...leadValues,
  });
  return both ?? null;
}

/**
 * Finds the organization's customer by phone, then e-mail, and fills in what is missing; creates
 * one when neither matches. A phone or e-mail already on another customer is not moved.
 *
 * `withLeadLocked` (for captureLead) also returns the customer's lead, locked FOR UPDATE, read in
 * the customer lookup's statement: null for a new customer or one without a lead. The lock holds
 * until the transaction ends, so after the customer is patched it is still the lead to merge into.
 * With `newLead`, a new customer is inserted together with that lead (insertCustomerWithLead),
 * returned as `insertedLead` (null when no lead was inserted).
 */
export function upsertCustomer(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  input: CustomerInput,
  options: { withLeadLocked: true; newLead?: NewLead },
): Promise<{ customer: Customer; created: boolean; lead: Lead | null; insertedLead: Lead | null }>;
export function upsertCustomer(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  input: CustomerInput,
  options?: { withLeadLocked?: false },
): Promise<{ customer: Customer; created: boolean }>;
export async function upsertCustomer(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  input: CustomerInput,
  options?: { withLeadLocked?: boolean; newLead?: NewLead },
): Promise<{ customer: Customer; created: boolean; lead?: Lead | null; insertedLead?: Lead | null }> {
  const c = normalizeContact(input);
  if (!c.phone && !c.email)
    throw new DomainError("BAD_REQUEST", "A customer needs a phone number or an e-mail address.");
  for (let attempt = 0; attempt < 2; attempt++) {
    let found: Customer[];
    let existingLead: Lead | null = null;
    if (options?.withLeadLocked) {
      const rows = await findWithLead(tx, organizationId, c);
      found = rows.map((r) => r.customer);
      existingLead = rows.find((r) => r.lead)?.lead ?? null;
    } else {
      found = await tx.select().from(customer).where(matchContact(organizationId, c));
    }
    const existing = found.find((r) => c.phone && r.phone === c.phone) ?? found[0];
    if (existing) {
      const withLead = options?.withLeadLocked
        ? { lead: existingLead?.customerId === existing.id ? existingLead : null, insertedLead: null }
        : {};
      const patch: Partial<typeof customer.$inferInsert> = {};
      if (c.name && c.name !== existing.name) patch.name = c.name;
      if (c.phone && !existing.phone && !found.some((r) => r.phone === c.phone)) patch.phone = c.phone;
      if (c.email && !existing.email && !found.some((r) => r.email === c.email)) patch.email = c.email;
      if (c.notes) patch.notes = existing.notes ? `${existing.notes}\n${c.notes}` : c.notes;
      if (Object.keys(patch).length === 0) return { customer: existing, created: false, ...withLead };
      // The update, its audit row and the row back: one statement.
      const updated = tx.$with("updated").as(
        tx
          .update(customer)
          .set(patch)
          .where(and(eq(customer.organizationId, organizationId), eq(customer.id, existing.id)))
          .returning(),
      );
      const [row] = await tx
        .with(
          updated,
          auditEach(tx, updated, {
            organizationId,
            actor,
            action: "customer.updated",
            targetType: "customer",
            data: { fields: Object.keys(patch) },
          }),
        )
        .select()
        .from(updated);
      return { customer: row!, created: false, ...withLead };
    }
    // ON CONFLICT DO NOTHING rather than a savepoint: no row back means a concurrent request
    // created the same person, and the next pass merges into theirs.
    if (options?.withLeadLocked && options.newLead) {
      const both = await insertCustomerWithLead(tx, organizationId, actor, c, options.newLead);
      if (both) return { customer: both.customer, created: true, lead: null, insertedLead: both.lead };
      continue;
    }
    // The insert and its audit row are one statement.
    const inserted = tx.$with("inserted").as(
      tx
        .insert(customer)
        .values({ organizationId, ...c })
        .onConflictDoNothing()
        .returning(),
    );
    const [row] = await tx
      .with(
        inserted,
        auditEach(tx, inserted, {
          organizationId,
          actor,
          action: "customer.created",
          targetType: "customer",
          data: { name: c.name },
        }),
      )
      .select()
      .from(inserted);
    if (row)
      return { customer: row, created: true, ...(options?.withLeadLocked ? { lead: null, insertedLead: null } : {}) };
  }
  throw new DomainError("CONFLICT", "This customer was being changed by another request; try again.");
}
