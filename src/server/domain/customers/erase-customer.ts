import { and, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";

import { recordAudit } from "@/server/audit";
import type { Transaction } from "@/server/db/client";
import {
  auditLog,
  conversation,
  customer,
  customerNote,
  emailOutbox,
  followUp,
  followUpSequence,
  lead,
  message,
  rental,
  reservation,
  smsMessage,
  task,
} from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { DomainError, notFound } from "@/server/domain/errors";

export const ZEraseCustomer = z.object({
  customerId: z.uuid(),
  /** Typed by the person asking, as a guard against the wrong row: must equal "ERASE". */
  confirm: z.literal("ERASE", { message: "Type ERASE to confirm: erasing cannot be undone." }),
});

export const ERASED_NAME = "Erased customer";

export interface ErasureCounts {
  leads: number;
  conversations: number;
  messages: number;
  texts: number;
  tasks: number;
  followUps: number;
  emails: number;
  /** Notes people wrote about them (deleted: a note is free text about the person). */
  notes: number;
}

/**
 * A customer's right to erasure: every personal field we hold about them is scrubbed in one
 * transaction (earlier audit rows about them lose the name and numbers they carried), with an audit
 * row that counts what was scrubbed and holds none of it. What is kept:
 * the rows themselves with their ids, dates, statuses, outcomes, intents, amounts and usage, so
 * analytics, billing and the operator's reservation and rental history still add up; and an SMS
 * opt-out, because a STOP must keep being honoured.
 *
 * Refused (nothing changes) while the customer has an active reservation or a current rental: the
 * operator needs to reach a person who holds a unit; erase after move-out or cancellation.
 */
export async function eraseCustomer(
  tx: Transaction,
  organizationId: string,
  actor: Actor,
  raw: z.input<typeof ZEraseCustomer>,
): Promise<ErasureCounts> {
  const input = ZEraseCustomer.parse(raw);
  const [c] = await tx
    .select()
    .from(customer)
    .where(and(eq(customer.organizationId, organizationId), eq(customer.id, input.customerId)))
    .for("update");
  if (!c) throw notFound("The customer");
  const [holding] = await tx
    .select({ id: reservation.id })
    .from(reservation)
    .where(
      and(
        eq(reservation.organizationId, organizationId),
        eq(reservation.customerId, c.id),
        eq(reservation.status, "active"),
      ),
    )
    .limit(1);
  const [renting] = await tx
    .select({ id: rental.id })
    .from(rental)
    .where(and(eq(rental.organizationId, organizationId), eq(rental.customerId, c.id), isNull(rental.movedOutAt)))
    .limit(1);
  if (holding || renting)
    throw new DomainError(
      "CONFLICT",
      "This customer has an active reservation or a current rental. Cancel it or record the move-out first, then erase.",
    );

  const org = eq(conversation.organizationId, organizationId);
  const leads = await tx
    .update(lead)
    .set({ notes: null, lostReason: null })
    .where(and(eq(lead.organizationId, organizationId), eq(lead.customerId, c.id)))
    .returning({ id: lead.id });
  const leadIds = leads.map((l) => l.id);

  // Their conversations: linked to them or their lead, or from their phone or e-mail address.
  const addresses = [c.phone, c.email].filter((a): a is string => Boolean(a));
  const mine = or(
    eq(conversation.customerId, c.id),
    leadIds.length ? inArray(conversation.leadId, leadIds) : undefined,
    addresses.length ? inArray(conversation.fromAddress, addresses) : undefined,
  );
  const convs = await tx
    .update(conversation)
    .set({
      fromAddress: null,
      externalId: sql`case when ${conversation.channel} = 'voice' then ${conversation.externalId} else null end`,
      summary: null,
      state: sql`'{}'::jsonb`,
    })
    .where(and(org, mine))
    .returning({ id: conversation.id });
  const convIds = convs.map((x) => x.id);
  const messages = convIds.length
    ? await tx
        .update(message)
        .set({ text: "", entities: null, toolCalls: null })
        .where(and(eq(message.organizationId, organizationId), inArray(message.conversationId, convIds)))
        .returning({ id: message.id })
    : [];

  const texts = c.phone
    ? await tx
        .update(smsMessage)
        .set({
          body: "",
          from: sql`case when ${smsMessage.from} = ${c.phone} then null else ${smsMessage.from} end`,
          to: sql`case when ${smsMessage.to} = ${c.phone} then '' else ${smsMessage.to} end`,
        })
        .where(
          and(
            eq(smsMessage.organizationId, organizationId),
            or(eq(smsMessage.from, c.phone), eq(smsMessage.to, c.phone)),
          ),
        )
        .returning({ id: smsMessage.id })
    : [];

  const tasks = await tx
    .update(task)
    .set({
      title: `Task about an ${ERASED_NAME.toLowerCase()}`,
      body: null,
      contactName: null,
      contactPhone: null,
      contactEmail: null,
    })
    .where(
      and(
        eq(task.organizationId, organizationId),
        or(
          eq(task.customerId, c.id),
          leadIds.length ? inArray(task.leadId, leadIds) : undefined,
          c.phone ? eq(task.contactPhone, c.phone) : undefined,
          c.email ? eq(task.contactEmail, c.email) : undefined,
        ),
      ),
    )
    .returning({ id: task.id });

  const followUps = leadIds.length
    ? await tx
        .update(followUp)
        .set({ body: null })
        .where(and(eq(followUp.organizationId, organizationId), inArray(followUp.leadId, leadIds)))
        .returning({ id: followUp.id })
    : [];
  if (leadIds.length)
    await tx
      .update(followUpSequence)
      .set({ replyText: null })
      .where(and(eq(followUpSequence.organizationId, organizationId), inArray(followUpSequence.leadId, leadIds)));

  const emails = c.email
    ? await tx
        .update(emailOutbox)
        .set({ to: "", subject: "(erased)", text: "", html: null })
        .where(and(eq(emailOutbox.organizationId, organizationId), eq(emailOutbox.to, c.email)))
        .returning({ id: emailOutbox.id })
    : [];

  const notes = await tx
    .delete(customerNote)
    .where(and(eq(customerNote.organizationId, organizationId), eq(customerNote.customerId, c.id)))
    .returning({ id: customerNote.id });

  // Earlier audit rows about this customer keep what was done and when, not their name or numbers.
  await tx
    .update(auditLog)
    .set({ data: sql`${auditLog.data} - 'name' - 'phone' - 'email' - 'notes'` })
    .where(
      and(
        eq(auditLog.organizationId, organizationId),
        eq(auditLog.targetType, "customer"),
        eq(auditLog.targetId, c.id),
      ),
    );

  await tx
    .update(customer)
    .set({ name: ERASED_NAME, phone: null, email: null, notes: null })
    .where(and(eq(customer.organizationId, organizationId), eq(customer.id, c.id)));

  const counts: ErasureCounts = {
    leads: leadIds.length,
    conversations: convIds.length,
    messages: messages.length,
    texts: texts.length,
    tasks: tasks.length,
    followUps: followUps.length,
    emails: emails.length,
    notes: notes.length,
  };
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "customer.erased",
    targetType: "customer",
    targetId: c.id,
    data: { ...counts },
  });
  return counts;
}
