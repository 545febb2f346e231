import { TRPCError } from "@trpc/server";
import { z } from "zod";

import { createTRPCRouter, orgProcedure } from "@/server/api/trpc";
import { recordAudit } from "@/server/audit";
import type { Transaction } from "@/server/db/client";
import { cancelFollowUps, pauseFollowUps, resumeFollowUps, startFollowUps } from "@/server/jobs/follow-ups";
import { leadFollowUps } from "@/server/jobs/follow-up-view";

/**
 * A lead's follow-up texts (scheduled and past) and a member's controls over them. Any member may
 * take a lead over (staff answer the phones), so every role can pause, resume, cancel or restart.
 */
const ZLead = z.object({ leadId: z.uuid() });

type Ctx = {
  organizationId: string;
  user: { id: string; email: string };
  tenant: <T>(fn: (tx: Transaction) => Promise<T>) => Promise<T>;
};

async function view(ctx: Ctx, leadId: string) {
  const v = await ctx.tenant((tx) => leadFollowUps(tx, ctx.organizationId, leadId));
  if (!v) throw new TRPCError({ code: "NOT_FOUND", message: "Lead not found." });
  return v;
}

async function control(ctx: Ctx, leadId: string, action: "pause" | "resume" | "cancel" | "start") {
  await view(ctx, leadId); // the lead must be this organization's
  const by = ctx.user.email;
  let affected: number;
  if (action === "start") {
    await startFollowUps({ organizationId: ctx.organizationId, leadId, trigger: `manual:${Date.now()}` });
    affected = 1;
  } else {
    const fn = { pause: pauseFollowUps, resume: resumeFollowUps, cancel: cancelFollowUps }[action];
    affected = await fn(ctx.organizationId, leadId, by);
  }
  if (affected === 0)
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: action === "resume" ? "No paused follow-ups to resume." : "This lead has no follow-ups running.",
    });
  await ctx.tenant((tx) =>
    recordAudit(tx, {
      organizationId: ctx.organizationId,
      actor: { userId: ctx.user.id, label: by },
      action: `lead.follow_ups_${action}`,
      targetType: "lead",
      targetId: leadId,
      data: { sequences: affected },
    }),
  );
  return { affected };
}

export const followUpsRouter = createTRPCRouter({
  forLead: orgProcedure.input(ZLead).query(({ ctx, input }) => view(ctx, input.leadId)),
  pause: orgProcedure.input(ZLead).mutation(({ ctx, input }) => control(ctx, input.leadId, "pause")),
  resume: orgProcedure.input(ZLead).mutation(({ ctx, input }) => control(ctx, input.leadId, "resume")),
  cancel: orgProcedure.input(ZLead).mutation(({ ctx, input }) => control(ctx, input.leadId, "cancel")),
  /** Starts a fresh sequence (replacing one still running), e.g. after a walk-in. */
  start: orgProcedure.input(ZLead).mutation(({ ctx, input }) => control(ctx, input.leadId, "start")),
});
