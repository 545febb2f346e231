import { TRPCError } from "@trpc/server";
import { z } from "zod";

import { adminProcedure, createTRPCRouter } from "@/server/api/trpc";
import { recordAudit } from "@/server/audit";
import { listFailedWorkflows, retryWorkflow } from "@/server/jobs/failed-workflows";
import { getAutomationSettings, saveAutomationSettings, ZAutomationSettings } from "@/server/jobs/settings";

/** Durable workflows, for owners and admins: failures with their error and a retry; automation settings. */
export const workflowsRouter = createTRPCRouter({
  failed: adminProcedure.query(({ ctx }) => listFailedWorkflows(ctx.organizationId)),
  retry: adminProcedure.input(z.object({ workflowId: z.string().min(1).max(300) })).mutation(async ({ ctx, input }) => {
    const outcome = await retryWorkflow(ctx.organizationId, input.workflowId);
    if (outcome === "not_found") throw new TRPCError({ code: "NOT_FOUND", message: "Workflow not found." });
    if (outcome === "not_failed")
      throw new TRPCError({ code: "BAD_REQUEST", message: "Only a failed workflow can be retried." });
    await ctx.tenant((tx) =>
      recordAudit(tx, {
        organizationId: ctx.organizationId,
        actor: { userId: ctx.user.id, label: ctx.user.email },
        action: "workflow.retried",
        targetType: "workflow",
        targetId: input.workflowId,
        data: {},
      }),
    );
    return { workflowId: input.workflowId, status: "retried" as const };
  }),
  settings: adminProcedure.query(({ ctx }) => ctx.tenant((tx) => getAutomationSettings(tx, ctx.organizationId))),
  updateSettings: adminProcedure.input(ZAutomationSettings.partial()).mutation(({ ctx, input }) =>
    ctx.tenant(async (tx) => {
      const saved = await saveAutomationSettings(tx, ctx.organizationId, input).catch((err: unknown) => {
        if (err instanceof z.ZodError)
          throw new TRPCError({ code: "BAD_REQUEST", message: err.issues.map((i) => i.message).join(" ") });
        throw err;
      });
      await recordAudit(tx, {
        organizationId: ctx.organizationId,
        actor: { userId: ctx.user.id, label: ctx.user.email },
        action: "automation_settings.updated",
        targetType: "organization",
        targetId: ctx.organizationId,
        data: input,
      });
      return saved;
    }),
  ),
});
