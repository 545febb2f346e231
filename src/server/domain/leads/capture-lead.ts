import { and, eq, getTableColumns, sql } from "drizzle-orm";

import { auditEach } from "@/server/audit";
import { recordEvent } from "@/server/events/record";
import type { Executor } from "@/server/db/client";
import { placeholderFor } from "@/server/db/insert-select";
import { prepared } from "@/server/db/prepared";
import { lead } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { upsertCustomer } from "@/server/domain/customers/upsert-customer";
import { DomainError } from "@/server/domain/errors";

import { ZCaptureLead, ZLeadDetails, type CaptureLeadInput } from "./lead-input";
import { assertLeadReferences } from "./lead-references";

/** The details a capture fills in or replaces on an existing lead (its notes are appended instead). */
const MERGED_COLUMNS = Object.keys(ZLeadDetails.shape).filter((k) => k !== "notes") as Exclude<
  keyof typeof ZLeadDetails.shape,
  "notes"
>[];

/**
 * A capture merged into the person's lead, with its audit row and the row back, in one statement of
 * one shape (prepared, src/server/db/prepared.ts; building it per capture took drizzle longer than
 * Postgres takes to run it): each detail given replaces the lead's (null: not given, keep it), notes
 * are appended on a new line, and a lost lead is reopened. Nothing new still marks the lead as heard
 * from (`updated_at`).
 */
function mergeStatement(tx: Executor, name: string) {
  const p = sql.placeholder;
  const columns = getTableColumns(lead);
  const given = Object.fromEntries(
    MERGED_COLUMNS.map((k) => [k, sql`coalesce(${placeholderFor(columns[k], k)}, ${columns[k]})`]),
  );
  const notes = placeholderFor(columns.notes, "notes");
  const updated = tx.$with("updated").as(
    tx
      .update(lead)
      .set({
        ...given,
        notes: sql`case when ${notes} is null then ${lead.notes} when coalesce(${lead.notes}, '') = '' then ${notes} else ${lead.notes} || E'\n' || ${notes} end`,
        status: sql`case when ${lead.status} = 'lost' then 'new' else ${lead.status} end`,
        lostReason: sql`case when ${lead.status} = 'lost' then null else ${lead.lostReason} end`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(lead.organizationId, p("org")), sql`${lead.id} = ${p("id")}::uuid`))
      .returning(),
  );
  return tx
    .with(
      updated,
      auditEach(tx, updated, {
        organizationId: p("org"),
        actor: { userId: p("actorUserId"), label: p("actorLabel") },
        action: "lead.merged",
        targetType: "lead",
        data: sql`${p("auditData")}::jsonb`,
      }),
    )
    .select()
    .from(updated)
    .prepare(name);
}

const sameValue = (a: unknown, b: unknown) =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;

/**
 * Records interest from a caller, texter, chatter or visitor. One lead per person per organization:
 * the person is found by phone or e-mail (see upsertCustomer) and an existing lead is merged: new
 * details fill in or replace desired size/date, notes are appended, and a lost lead is reopened.
 * A merge with nothing new still records the contact (`lead.merged`, `updated_at`), unless
 * `skipUnchanged`: then it writes nothing, for a caller that records the contact itself (a booking).
 */
export async function captureLead(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  input: CaptureLeadInput,
  options: { skipUnchanged?: boolean } = {},
) {
  const { source, name, phone, email, notes, ...details } = ZCaptureLead.parse(input);
  await assertLeadReferences(tx, organizationId, details);
  const defined = Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined && v !== null));
  // The customer lookup also brings back this person's lead, locked: no read of our own for it. A
  // person with no customer yet gets the customer and this lead in one statement.
  const newLead = { source, notes: notes ?? null, ...defined };
  const {
    customer,
    lead: found,
    insertedLead,
  } = await upsertCustomer(tx, organizationId, actor, { name, phone, email }, { withLeadLocked: true, newLead });
  if (insertedLead) {
    await recordEvent(tx, { type: "lead.captured", organizationId, leadId: insertedLead.id });
    return { lead: insertedLead, customer, created: true, announced: true };
  }

  for (let attempt = 0; attempt < 2; attempt++) {
    // No lead found (a new customer, or one without a lead) means insert, unless a concurrent
    // capture made one meanwhile: then the insert below returns nothing and the second pass reads
    // and merges it.
    const [existing] =
      attempt === 0
        ? found
          ? [found]
          : []
        : await tx
            .select()
            .from(lead)
            .where(and(eq(lead.organizationId, organizationId), eq(lead.customerId, customer.id)))
            .for("update");
    if (existing) {
      const reopened = existing.status === "lost";
      const unchanged = () =>
        !notes &&
        !reopened &&
        Object.entries(defined).every(([k, v]) => sameValue(existing[k as keyof typeof existing], v));
      if (options.skipUnchanged && unchanged()) return { lead: existing, customer, created: false, announced: false };
      const fields = [
        ...Object.keys(defined),
        ...(notes ? ["notes"] : []),
        ...(reopened ? ["status", "lostReason"] : []),
      ];
      const values = Object.fromEntries(MERGED_COLUMNS.map((k) => [k, defined[k] ?? null]));
      const [row] = await prepared(tx, "lead_merge", mergeStatement).execute({
        org: organizationId,
        id: existing.id,
        notes: notes ?? null,
        ...values,
        actorUserId: actor.userId ?? null,
        actorLabel: actor.label,
        auditData: { source, fields, reopened },
      });
      await recordEvent(tx, { type: "lead.updated", organizationId, leadId: existing.id });
      return { lead: row!, customer, created: false, announced: true };
    }
    // ON CONFLICT DO NOTHING rather than a savepoint: no row back means a concurrent capture made
    // this person's lead, and the next pass merges into it. The insert and its audit row are one statement.
    const inserted = tx.$with("inserted").as(
      tx
        .insert(lead)
        .values({ organizationId, customerId: customer.id, ...newLead })
        .onConflictDoNothing()
        .returning(),
    );
    const [row] = await tx
      .with(
        inserted,
        auditEach(tx, inserted, {
          organizationId,
          actor,
          action: "lead.created",
          targetType: "lead",
          data: { source, customerId: customer.id },
        }),
      )
      .select()
      .from(inserted);
    if (row) {
      await recordEvent(tx, { type: "lead.captured", organizationId, leadId: row.id });
      return { lead: row, customer, created: true, announced: true };
    }
  }
  throw new DomainError("CONFLICT", "This lead was being changed by another request; try again.");
}
