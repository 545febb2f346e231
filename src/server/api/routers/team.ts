import { TRPCError } from "@trpc/server";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import { z } from "zod";

import { DomainError } from "@/lib/domain-error";

import { adminProcedure, createTRPCRouter, orgProcedure } from "@/server/api/trpc";
import { fromAuth } from "@/server/api/errors";
import { recordAudit } from "@/server/audit";
import { auth, invitationEmailKey } from "@/server/auth";
import "@/server/billing/seat-guard";
import type { Transaction } from "@/server/db/client";
import { emailOutbox, invitation, member, user } from "@/server/db/schema";

export const ZInvite = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, "An e-mail address has at most 254 characters.")
    .pipe(z.email("Enter a valid e-mail address.")),
  role: z.enum(["owner", "admin", "manager", "staff"]),
});
export const ZChangeRole = z.object({
  memberId: z.string().min(1),
  role: z.enum(["owner", "admin", "manager", "staff"]),
});
export const ZMemberId = z.object({ memberId: z.string().min(1) });
export const ZInvitationId = z.object({ invitationId: z.string().min(1) });

async function memberInOrg(tx: Transaction, organizationId: string, memberId: string) {
  const [row] = await tx
    .select({ id: member.id, role: member.role, userId: member.userId, email: user.email })
    .from(member)
    .innerJoin(user, eq(user.id, member.userId))
    .where(and(eq(member.id, memberId), eq(member.organizationId, organizationId)));
  if (!row) throw new TRPCError({ code: "NOT_FOUND", message: "No such member in this organization." });
  return row;
}

async function ownerCount(tx: Transaction, organizationId: string) {
  const rows = await tx
    .select({ id: member.id })
    .from(member)
    .where(and(eq(member.organizationId, organizationId), eq(member.role, "owner")));
  return rows.length;
}

/**
 * A pending invitation as it was before it was sent again: its role and expiry, written back unless
 * it has changed since (accepted, cancelled, or invited again with yet another role).
 */
async function restoreInvitation(
  tx: Transaction,
  before: { id: string; role: string | null; expiresAt: Date },
  changedTo: string,
) {
  await tx
    .update(invitation)
    .set({ role: before.role, expiresAt: before.expiresAt })
    .where(and(eq(invitation.id, before.id), eq(invitation.status, "pending"), eq(invitation.role, changedTo)));
}

/**
 * Whether this sending of an invitation's e-mail went out: its outbox row (keyed on the invitation and
 * its expiry) was delivered, or kept as the delivery when SMTP is not configured. No row means
 * sendInvitationEmail threw before writing it, which Better Auth only logs.
 */
async function invitationEmailOutcome(tx: Transaction, invitationId: string, expiresAt: Date | string) {
  const [row] = await tx
    .select({ status: emailOutbox.status, error: emailOutbox.error })
    .from(emailOutbox)
    .where(eq(emailOutbox.idempotencyKey, invitationEmailKey(invitationId, expiresAt)));
  return { failed: !row || row.status === "failed", error: row?.error ?? null };
}

export const teamRouter = createTRPCRouter({
  list: orgProcedure.query(({ ctx }) =>
    ctx.tenant(async (tx) => {
      const members = await tx
        .select({
          id: member.id,
          userId: member.userId,
          role: member.role,
          createdAt: member.createdAt,
          name: user.name,
          email: user.email,
          twoFactorEnabled: user.twoFactorEnabled,
        })
        .from(member)
        .innerJoin(user, eq(user.id, member.userId))
        .where(eq(member.organizationId, ctx.organizationId))
        .orderBy(asc(member.createdAt));
      const invitations = await tx
        .select({
          id: invitation.id,
          email: invitation.email,
          role: invitation.role,
          status: invitation.status,
          expiresAt: invitation.expiresAt,
          createdAt: invitation.createdAt,
        })
        .from(invitation)
        .where(and(eq(invitation.organizationId, ctx.organizationId), eq(invitation.status, "pending")))
        .orderBy(asc(invitation.createdAt));
      return { members, invitations, myRole: ctx.role, myMemberId: ctx.memberId };
    }),
  ),

  invite: adminProcedure.input(ZInvite).mutation(async ({ ctx, input }) => {
    if (input.role === "owner" && ctx.role !== "owner") {
      throw new TRPCError({ code: "FORBIDDEN", message: "Only an owner can invite another owner." });
    }
    // An address with a pending invitation is invited again: Better Auth's `resend` sends that
    // invitation anew (a new expiry, so a new e-mail: src/server/auth/index.ts) and returns it with
    // its stored role, so a different role is written to it first. It stays one invitation and one
    // seat, and its link keeps working, now for the new role.
    const previous = await ctx.tenant(async (tx) => {
      const [existing] = await tx
        .select({ id: member.id })
        .from(member)
        .innerJoin(user, eq(user.id, member.userId))
        .where(and(eq(member.organizationId, ctx.organizationId), eq(sql`lower(${user.email})`, input.email)))
        .limit(1);
      if (existing)
        throw new TRPCError({
          code: "CONFLICT",
          message: `${input.email} is already a member of this organization.`,
        });
      const pending = and(
        eq(invitation.organizationId, ctx.organizationId),
        eq(invitation.email, input.email),
        eq(invitation.status, "pending"),
        gt(invitation.expiresAt, new Date()),
      );
      const [open] = await tx
        .select({ id: invitation.id, role: invitation.role, expiresAt: invitation.expiresAt })
        .from(invitation)
        .where(pending);
      if (!open) return null;
      if (open.role === "owner" && ctx.role !== "owner")
        throw new TRPCError({
          code: "FORBIDDEN",
          message: "Only an owner can change an invitation to the owner role.",
        });
      if (open.role !== input.role) await tx.update(invitation).set({ role: input.role }).where(pending);
      return { ...open, changedFrom: open.role === input.role ? null : open.role };
    });
    // A new invitation is checked against the plan's seat limit (pending invitations hold a seat) by
    // Better Auth's beforeCreateInvitation hook, which billing registers (src/server/billing/seat-guard.ts);
    // one sent again already holds its seat.
    //
    // The role and the e-mail go together: when Better Auth refuses, or the e-mail does not go out,
    // what this call changed is put back (the role and expiry of an invitation sent again; a new
    // invitation is withdrawn) and the operator gets an error naming the e-mail.
    let created: Awaited<ReturnType<typeof auth.api.createInvitation>>;
    try {
      created = await fromAuth(() =>
        auth.api.createInvitation({
          headers: ctx.headers,
          body: { email: input.email, role: input.role, organizationId: ctx.organizationId, resend: true },
        }),
      );
    } catch (err) {
      if (previous) await ctx.tenant((tx) => restoreInvitation(tx, previous, input.role));
      throw err;
    }
    const mail = await ctx.tenant((tx) => invitationEmailOutcome(tx, created.id, created.expiresAt));
    if (mail.failed) {
      await ctx.tenant(async (tx) => {
        if (previous) await restoreInvitation(tx, previous, input.role);
        else
          await tx
            .update(invitation)
            .set({ status: "canceled" })
            .where(and(eq(invitation.id, created.id), eq(invitation.status, "pending")));
      });
      const why = mail.error ? ` (${mail.error.slice(0, 200)})` : "";
      throw new DomainError(
        "UPSTREAM_FAILURE",
        previous
          ? `The invitation e-mail to ${input.email} could not be sent${why}. Nothing was changed: the invitation is still for the ${previous.role ?? "same"} role. Try again later.`
          : `The invitation e-mail to ${input.email} could not be sent${why}, so no invitation was made. Try again later.`,
      );
    }
    await ctx.tenant((tx) =>
      recordAudit(tx, {
        organizationId: ctx.organizationId,
        actor: ctx.actor,
        action: previous ? "invitation.resent" : "member.invited",
        targetType: "invitation",
        targetId: created.id,
        data: {
          email: input.email,
          role: input.role,
          ...(previous?.changedFrom ? { previousRole: previous.changedFrom } : {}),
        },
      }),
    );
    return { id: created.id, resent: previous !== null, previousRole: previous?.changedFrom ?? null };
  }),

  cancelInvitation: adminProcedure.input(ZInvitationId).mutation(async ({ ctx, input }) => {
    await ctx.tenant(async (tx) => {
      const [row] = await tx
        .select({ id: invitation.id })
        .from(invitation)
        .where(and(eq(invitation.id, input.invitationId), eq(invitation.organizationId, ctx.organizationId)));
      if (!row) throw new TRPCError({ code: "NOT_FOUND", message: "No such invitation." });
    });
    await fromAuth(() =>
      auth.api.cancelInvitation({ headers: ctx.headers, body: { invitationId: input.invitationId } }),
    );
    await ctx.tenant((tx) =>
      recordAudit(tx, {
        organizationId: ctx.organizationId,
        actor: ctx.actor,
        action: "invitation.cancelled",
        targetType: "invitation",
        targetId: input.invitationId,
      }),
    );
    return { ok: true };
  }),

  changeRole: adminProcedure.input(ZChangeRole).mutation(async ({ ctx, input }) => {
    const target = await ctx.tenant(async (tx) => {
      const row = await memberInOrg(tx, ctx.organizationId, input.memberId);
      if ((row.role === "owner" || input.role === "owner") && ctx.role !== "owner") {
        throw new TRPCError({ code: "FORBIDDEN", message: "Only an owner can grant or change the owner role." });
      }
      if (row.role === "owner" && input.role !== "owner" && (await ownerCount(tx, ctx.organizationId)) <= 1) {
        throw new TRPCError({
          code: "BAD_REQUEST",
          message: "An organization needs at least one owner. Make someone else owner first.",
        });
      }
      return row;
    });
    await fromAuth(() =>
      auth.api.updateMemberRole({
        headers: ctx.headers,
        body: { memberId: input.memberId, role: input.role, organizationId: ctx.organizationId },
      }),
    );
    await ctx.tenant((tx) =>
      recordAudit(tx, {
        organizationId: ctx.organizationId,
        actor: ctx.actor,
        action: "member.role_changed",
        targetType: "member",
        targetId: input.memberId,
        data: { email: target.email, from: target.role, to: input.role },
      }),
    );
    return { ok: true };
  }),

  remove: adminProcedure.input(ZMemberId).mutation(async ({ ctx, input }) => {
    const target = await ctx.tenant(async (tx) => {
      const row = await memberInOrg(tx, ctx.organizationId, input.memberId);
      if (row.role === "owner" && ctx.role !== "owner")
        throw new TRPCError({ code: "FORBIDDEN", message: "Only an owner can remove an owner." });
      if (row.role === "owner" && (await ownerCount(tx, ctx.organizationId)) <= 1) {
        throw new TRPCError({ code: "BAD_REQUEST", message: "You cannot remove the last owner." });
      }
      return row;
    });
    await fromAuth(() =>
      auth.api.removeMember({
        headers: ctx.headers,
        body: { memberIdOrEmail: input.memberId, organizationId: ctx.organizationId },
      }),
    );
    await ctx.tenant((tx) =>
      recordAudit(tx, {
        organizationId: ctx.organizationId,
        actor: ctx.actor,
        action: "member.removed",
        targetType: "member",
        targetId: input.memberId,
        data: { email: target.email },
      }),
    );
    return { ok: true };
  }),

  leave: orgProcedure.mutation(async ({ ctx }) => {
    await ctx.tenant(async (tx) => {
      if (ctx.role === "owner" && (await ownerCount(tx, ctx.organizationId)) <= 1) {
        throw new TRPCError({
          code: "BAD_REQUEST",
          message: "You are the last owner. Make someone else owner before leaving.",
        });
      }
      await recordAudit(tx, {
        organizationId: ctx.organizationId,
        actor: ctx.actor,
        action: "member.left",
        targetType: "member",
        targetId: ctx.memberId,
      });
    });
    await fromAuth(() =>
      auth.api.leaveOrganization({ headers: ctx.headers, body: { organizationId: ctx.organizationId } }),
    );
    return { ok: true };
  }),
});
