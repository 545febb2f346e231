import { TRPCError } from "@trpc/server";
import { and, asc, desc, eq, gt, sql } from "drizzle-orm";
import { z } from "zod";

import { adminProcedure, createTRPCRouter, orgProcedure, protectedProcedure, publicProcedure } from "@/server/api/trpc";
import { recordAudit } from "@/server/audit";
import { auditFacets, listAuditLog, ZListAuditLog } from "@/server/domain/audit-log/list-audit-log";
import { db } from "@/server/db/client";
import { emailOutbox, invitation, member, organization, user } from "@/server/db/schema";
import { setupProgress } from "@/server/onboarding/setup-progress";
import { getRetention, updateRetention, ZRetentionSettings } from "@/server/retention/settings";

export const ZOrganizationUpdate = z.object({ name: z.string().trim().min(2, "Use at least 2 characters.").max(80) });

export const organizationRouter = createTRPCRouter({
  /** The organizations the signed-in user belongs to, for the switcher. Reads only their own memberships. */
  mine: protectedProcedure.query(async ({ ctx }) => {
    const rows = await db
      .select({ id: organization.id, name: organization.name, slug: organization.slug, role: member.role })
      .from(member)
      .innerJoin(organization, eq(organization.id, member.organizationId))
      .where(eq(member.userId, ctx.user.id))
      .orderBy(asc(organization.name));
    return { organizations: rows, activeOrganizationId: ctx.session.activeOrganizationId ?? null };
  }),

  current: orgProcedure.query(({ ctx }) =>
    ctx.tenant(async (tx) => {
      const [org] = await tx.select().from(organization).where(eq(organization.id, ctx.organizationId));
      if (!org) throw new TRPCError({ code: "NOT_FOUND" });
      return { id: org.id, name: org.name, slug: org.slug, createdAt: org.createdAt, role: ctx.role };
    }),
  ),

  /** The Overview's setup checklist: which steps this organization (and this member) has finished. */
  setupProgress: orgProcedure.query(({ ctx }) =>
    ctx.tenant((tx) => setupProgress(tx, ctx.organizationId, ctx.user.id)),
  ),

  /** How long transcripts are kept (src/server/retention/). */
  retention: orgProcedure.query(({ ctx }) => ctx.tenant((tx) => getRetention(tx, ctx.organizationId))),
  updateRetention: adminProcedure
    .input(ZRetentionSettings)
    .mutation(({ ctx, input }) =>
      ctx.tenant((tx) =>
        updateRetention(tx, ctx.organizationId, { userId: ctx.user.id, label: ctx.user.email }, input),
      ),
    ),

  update: adminProcedure.input(ZOrganizationUpdate).mutation(({ ctx, input }) =>
    ctx.tenant(async (tx) => {
      await tx.update(organization).set({ name: input.name }).where(eq(organization.id, ctx.organizationId));
      await recordAudit(tx, {
        organizationId: ctx.organizationId,
        actor: { userId: ctx.user.id, label: ctx.user.email },
        action: "organization.updated",
        targetType: "organization",
        targetId: ctx.organizationId,
        data: input,
      });
      return { ok: true };
    }),
  ),

  outbox: adminProcedure.query(({ ctx }) =>
    ctx.tenant((tx) =>
      tx
        .select({
          id: emailOutbox.id,
          to: emailOutbox.to,
          subject: emailOutbox.subject,
          text: emailOutbox.text,
          kind: emailOutbox.kind,
          status: emailOutbox.status,
          createdAt: emailOutbox.createdAt,
          // Files attached (scheduled reports): names only; GET /api/outbox/attachments/<id> serves them.
          attachments: sql<
            { id: string; filename: string }[]
          >`(select coalesce(json_agg(json_build_object('id', a.id, 'filename', a.filename) order by a.filename), '[]'::json) from email_attachment a where a.email_id = "email_outbox"."id")`,
        })
        .from(emailOutbox)
        .where(eq(emailOutbox.organizationId, ctx.organizationId))
        .orderBy(desc(emailOutbox.createdAt))
        .limit(100),
    ),
  ),

  /** Settings > Audit log: filtered, newest first, in pages; CSV at /api/audit-log/export.csv. */
  auditLog: adminProcedure
    .input(ZListAuditLog.optional())
    .query(({ ctx, input }) => ctx.tenant((tx) => listAuditLog(tx, ctx.organizationId, input ?? {}))),
  auditFacets: adminProcedure.query(({ ctx }) => ctx.tenant((tx) => auditFacets(tx, ctx.organizationId))),

  /**
   * What an invitation link shows before the invitee signs in: organization, e-mail and role. The
   * invitation id is an unguessable 32-character secret sent only to that address, so it is the key.
   */
  invitationPreview: publicProcedure
    .input(z.object({ invitationId: z.string().min(1).max(64) }))
    .query(async ({ input }) => {
      const [row] = await db
        .select({
          id: invitation.id,
          email: invitation.email,
          role: invitation.role,
          status: invitation.status,
          organizationName: organization.name,
          inviterName: user.name,
        })
        .from(invitation)
        .innerJoin(organization, eq(organization.id, invitation.organizationId))
        .innerJoin(user, eq(user.id, invitation.inviterId))
        .where(
          and(
            eq(invitation.id, input.invitationId),
            eq(invitation.status, "pending"),
            gt(invitation.expiresAt, new Date()),
          ),
        );
      if (!row)
        throw new TRPCError({ code: "NOT_FOUND", message: "This invitation is no longer valid. Ask for a new one." });
      return row;
    }),
});
