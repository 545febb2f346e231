import { and, eq } from "drizzle-orm";
import { z } from "zod";

import { recordAudit } from "@/server/audit";
import type { Executor } from "@/server/db/client";
import { customer, customerNote } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { notFound } from "@/server/domain/errors";

/**
 * Notes on a customer (the customer page): anyone in the organization adds one; its author and
 * time are kept, and an edit records who changed it and when. The audit rows say a note was added
 * or changed, never its words (they are about a person; an erasure deletes the notes).
 */
export const ZAddNote = z.object({
  customerId: z.uuid(),
  body: z.string().trim().min(1, "Write the note first.").max(8000),
});
export const ZEditNote = z.object({
  noteId: z.uuid(),
  body: z.string().trim().min(1, "A note cannot be empty.").max(8000),
});

export async function addCustomerNote(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  raw: z.input<typeof ZAddNote>,
  /** The byline: the person's name (the actor's label, an e-mail, when they have none). */
  authorName = actor.label,
) {
  const input = ZAddNote.parse(raw);
  const [c] = await tx
    .select({ id: customer.id })
    .from(customer)
    .where(and(eq(customer.organizationId, organizationId), eq(customer.id, input.customerId)));
  if (!c) throw notFound("Customer");
  const [note] = await tx
    .insert(customerNote)
    .values({
      organizationId,
      customerId: c.id,
      body: input.body,
      authorUserId: actor.userId ?? null,
      authorName,
    })
    .returning();
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "customer.note_added",
    targetType: "customer",
    targetId: c.id,
    data: { noteId: note!.id },
  });
  return note!;
}

export async function editCustomerNote(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  raw: z.input<typeof ZEditNote>,
  authorName = actor.label,
) {
  const input = ZEditNote.parse(raw);
  const [note] = await tx
    .update(customerNote)
    .set({ body: input.body, editedAt: new Date(), editedByName: authorName })
    .where(and(eq(customerNote.organizationId, organizationId), eq(customerNote.id, input.noteId)))
    .returning();
  if (!note) throw notFound("Note");
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "customer.note_edited",
    targetType: "customer",
    targetId: note.customerId,
    data: { noteId: note.id },
  });
  return note;
}
