import { and, eq } from "drizzle-orm";
import { z } from "zod";

import { createTRPCRouter, orgProcedure } from "@/server/api/trpc";
import type { Transaction } from "@/server/db/client";
import { customer, lead } from "@/server/db/schema";
import { notFound } from "@/server/domain/errors";
import { createTask } from "@/server/domain/tasks/create-task";
import { countTasks, listTasks, ZListTasks } from "@/server/domain/tasks/list-tasks";
import {
  assignTask,
  rescheduleTask,
  setTaskDone,
  ZAssignTask,
  ZRescheduleTask,
  ZSetTaskDone,
} from "@/server/domain/tasks/update-task";
import { coercedDate } from "@/lib/zod-dates";
import { toE164 } from "@/lib/normalize-phone";

async function getCustomerContact(tx: Transaction, organizationId: string, customerId: string) {
  const [row] = await tx
    .select({ name: customer.name, phone: customer.phone, email: customer.email, leadId: lead.id })
    .from(customer)
    .leftJoin(lead, eq(lead.customerId, customer.id))
    .where(and(eq(customer.organizationId, organizationId), eq(customer.id, customerId)));
  if (!row) throw notFound("Customer");
  return row;
}

/** What a person adds by hand (a callback promised at the counter); the agent's kinds come from conversations. */
export const ZCreateManualTask = z.object({
  kind: z.enum(["callback", "follow_up", "other"]),
  title: z.string().trim().min(1).max(300),
  body: z.string().trim().max(8000).nullish(),
  customerId: z.uuid().nullish(),
  contactName: z.string().trim().max(200).nullish(),
  // Typed by a person to call back: it must be a number we can dial (the agent's tasks keep what a
  // caller said, since a conversation cannot be asked again).
  contactPhone: z
    .string()
    .trim()
    .max(40)
    .refine((p) => p === "" || toE164(p) !== null, "Enter a phone number we can dial, like (512) 555-0142.")
    .nullish(),
  dueAt: coercedDate().optional(),
  assigneeMemberId: z.string().min(1).max(100).nullish(),
});

/**
 * The inbox (docs/console.md): every member works it, staff included; each change is audited. The
 * organization and the viewer's membership come from the session.
 */
export const tasksRouter = createTRPCRouter({
  list: orgProcedure
    .input(ZListTasks)
    .query(({ ctx, input }) => ctx.tenant((tx) => listTasks(tx, ctx.organizationId, ctx.memberId, input))),
  counts: orgProcedure.query(({ ctx }) => ctx.tenant((tx) => countTasks(tx, ctx.organizationId, ctx.memberId))),
  create: orgProcedure.input(ZCreateManualTask).mutation(({ ctx, input: raw }) =>
    ctx.tenant(async (tx) => {
      // A foreign key check does not see row-level security: the customer is looked up as this organization.
      const who = raw.customerId ? await getCustomerContact(tx, ctx.organizationId, raw.customerId) : null;
      const input = {
        ...raw,
        contactName: raw.contactName ?? who?.name ?? null,
        contactPhone: raw.contactPhone ?? who?.phone ?? null,
        contactEmail: who?.email ?? null,
        leadId: who?.leadId ?? null,
      };
      if (input.assigneeMemberId) {
        // Validates the member like an assignment would (and audits it): never someone of another organization.
        const { task } = await createTask(tx, ctx.organizationId, ctx.actor, { ...input, assigneeMemberId: null });
        return assignTask(tx, ctx.organizationId, ctx.actor, { taskId: task.id, memberId: input.assigneeMemberId });
      }
      return (await createTask(tx, ctx.organizationId, ctx.actor, input)).task;
    }),
  ),
  assign: orgProcedure
    .input(ZAssignTask)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => assignTask(tx, ctx.organizationId, ctx.actor, input))),
  setDone: orgProcedure
    .input(ZSetTaskDone)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => setTaskDone(tx, ctx.organizationId, ctx.actor, input))),
  reschedule: orgProcedure
    .input(ZRescheduleTask)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => rescheduleTask(tx, ctx.organizationId, ctx.actor, input))),
});
