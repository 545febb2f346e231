import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError, createAuthMiddleware, getIP, isAPIError } from "better-auth/api";
import { organization, twoFactor } from "better-auth/plugins";
import { and, asc, eq } from "drizzle-orm";

import { env } from "@/env";
import { db } from "@/server/db/client";
import * as schema from "@/server/db/schema";
import { CONTROL_CHARACTER_MESSAGE, findControlCharacter } from "@/server/http/control-characters";
import { trustedOrigins } from "@/server/http/same-origin";
import { sendEmail } from "@/server/integrations/email";

import { DomainError } from "@/lib/domain-error";
import { ac, roles } from "@/lib/permissions";
import { checkInvitationAllowed, lockInvitations, unlockInvitations } from "./invitation-guard";
import {
  clearSignInFailures,
  knownDeviceFor,
  newKnownDevice,
  recordSignInFailure,
  signInWait,
  throttleKeys,
} from "./sign-in-throttle";
import { withHashedSessionTokens } from "./hashed-session-tokens";
import { authSecret } from "./secret";

const SIGN_IN_PATH = "/sign-in/email";
const SIGN_IN_COMPLETIONS = [SIGN_IN_PATH, "/two-factor/verify-totp", "/two-factor/verify-backup-code"];
/** Paths that guess or spend a secret: limited per IP by Better Auth's limiter (shared in Postgres). */
const IP_LIMITED = [
  "/sign-in/email",
  "/sign-up/email",
  "/two-factor/verify-totp",
  "/two-factor/verify-backup-code",
  "/request-password-reset",
  "/reset-password",
  "/send-verification-email",
];

/** The cookie that makes a browser a known device of the account it signed in to (./sign-in-throttle.ts). */
const KNOWN_DEVICE_COOKIE = "known_device";
const KNOWN_DEVICE_MAX_AGE = 60 * 60 * 24 * 365;

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

/**
 * Who is signing in to which account, for the throttle: the e-mail (from the body, or the completed
 * session's user), the client's address and its known-device cookie for that account, if any.
 */
async function signInClient(ctx: HookContext, completedEmail?: string) {
  const email =
    completedEmail ??
    String((ctx.body as { email?: unknown } | undefined)?.email ?? "")
      .trim()
      .toLowerCase();
  if (!email) return null;
  const ip = ctx.request
    ? getIP(ctx.request, ctx.context.options)
    : ctx.headers
      ? getIP(ctx.headers, ctx.context.options)
      : null;
  const cookieName = ctx.context.createAuthCookie(KNOWN_DEVICE_COOKIE).name;
  const signed = ctx.headers ? await ctx.getSignedCookie(cookieName, ctx.context.secret) : null;
  const knownDevice = knownDeviceFor(typeof signed === "string" ? signed : null, email);
  return { keys: throttleKeys(email, ip, knownDevice), knownDevice };
}

export const auth = betterAuth({
  appName: "Storage Agent",
  baseURL: env.PUBLIC_URL,
  secret: authSecret(),
  trustedOrigins: trustedOrigins(),
  // Session tokens are stored hashed (./hashed-session-tokens.ts).
  database: withHashedSessionTokens(
    drizzleAdapter(db, {
      provider: "pg",
      schema: {
        user: schema.user,
        session: schema.session,
        account: schema.account,
        verification: schema.verification,
        organization: schema.organization,
        member: schema.member,
        invitation: schema.invitation,
        twoFactor: schema.twoFactor,
        rateLimit: schema.rateLimit,
      },
    }),
  ),
  telemetry: { enabled: false },
  emailAndPassword: {
    enabled: true,
    minPasswordLength: 10,
    maxPasswordLength: 128,
    revokeSessionsOnPasswordReset: true,
    sendResetPassword: async ({ user, url }) => {
      await sendEmail({
        to: user.email,
        kind: "password-reset",
        subject: "Reset your Storage Agent password",
        text: `Someone asked to reset the password for ${user.email}.\n\nReset it here (the link expires in one hour):\n${url}\n\nIf it wasn't you, ignore this e-mail.`,
      });
    },
  },
  emailVerification: {
    sendOnSignUp: true,
    autoSignInAfterVerification: true,
    sendVerificationEmail: async ({ user, url }) => {
      await sendEmail({
        to: user.email,
        kind: "verify-email",
        subject: "Verify your e-mail for Storage Agent",
        text: `Welcome to Storage Agent.\n\nConfirm your e-mail address:\n${url}`,
      });
    },
  },
  session: {
    expiresIn: 60 * 60 * 24 * 14,
    updateAge: 60 * 60 * 24,
  },
  rateLimit: {
    enabled: true,
    storage: "database",
    window: 60,
    max: 300,
    customRules: Object.fromEntries(IP_LIMITED.map((p) => [p, { window: 60, max: env.AUTH_RATE_LIMIT_PER_IP }])),
  },
  advanced: {
    ipAddress: { ipAddressHeaders: ["x-forwarded-for"] },
  },
  databaseHooks: {
    session: {
      create: {
        // Land the user in an organization they belong to: the first one they joined.
        before: async (session) => {
          if (session.activeOrganizationId) return { data: session };
          const [first] = await db
            .select({ organizationId: schema.member.organizationId })
            .from(schema.member)
            .where(eq(schema.member.userId, session.userId))
            .orderBy(asc(schema.member.createdAt))
            .limit(1);
          return { data: { ...session, activeOrganizationId: first?.organizationId ?? null } };
        },
      },
    },
  },
  hooks: {
    before: createAuthMiddleware(async (ctx) => {
      // A NUL in a name or e-mail failed the query with a 500 (src/server/http/control-characters.ts).
      const field = findControlCharacter(ctx.body) ?? findControlCharacter(ctx.query);
      if (field !== null) throw new APIError("BAD_REQUEST", { message: `${field}: ${CONTROL_CHARACTER_MESSAGE}` });
      if (ctx.path !== SIGN_IN_PATH) return;
      const client = await signInClient(ctx);
      if (!client) return;
      const wait = await signInWait(client.keys, env.AUTH_RATE_LIMIT_PER_ACCOUNT);
      if (wait > 0) {
        throw new APIError(
          "TOO_MANY_REQUESTS",
          {
            message: `Too many failed sign-ins for this account. Try again in ${wait} second${wait === 1 ? "" : "s"}, or reset your password.`,
          },
          { "Retry-After": String(wait) },
        );
      }
    }),
    after: createAuthMiddleware(async (ctx) => {
      // Sign-in throttling (./sign-in-throttle.ts): a wrong password is one more failure; a completed
      // sign-in (password, or password then a second factor) clears its client's failures and marks
      // this browser a known device of the account.
      if (ctx.path === SIGN_IN_PATH && isAPIError(ctx.context.returned) && ctx.context.returned.statusCode === 401) {
        const client = await signInClient(ctx);
        if (client) await recordSignInFailure(client.keys);
        return;
      }
      if (!SIGN_IN_COMPLETIONS.includes(ctx.path) || !ctx.context.newSession) return;
      const email = ctx.context.newSession.user.email.toLowerCase();
      const client = await signInClient(ctx, email);
      if (!client) return;
      await clearSignInFailures(client.keys);
      if (!client.knownDevice) {
        const cookie = ctx.context.createAuthCookie(KNOWN_DEVICE_COOKIE, { maxAge: KNOWN_DEVICE_MAX_AGE });
        await ctx.setSignedCookie(cookie.name, newKnownDevice(email), ctx.context.secret, cookie.attributes);
      }
    }),
  },
  plugins: [
    organization({
      ac,
      roles,
      creatorRole: "owner",
      allowUserToCreateOrganization: true,
      invitationExpiresIn: 60 * 60 * 24 * 7,
      cancelPendingInvitationsOnReInvite: true,
      organizationHooks: {
        // The plan's member limit, registered by billing (./invitation-guard.ts), on every path that
        // creates an invitation: the dashboard's and Better Auth's own endpoint alike.
        // The check and the insert are serialized per organization (lockInvitations), so two at once
        // cannot both take the last seat.
        beforeCreateInvitation: async ({ organization: org }) => {
          await lockInvitations(org.id);
          try {
            await checkInvitationAllowed(org.id);
          } catch (err) {
            await unlockInvitations(org.id);
            if (err instanceof DomainError)
              throw new APIError(err.code === "FORBIDDEN" ? "FORBIDDEN" : "PRECONDITION_FAILED", {
                message: err.message,
              });
            throw err;
          }
        },
        afterCreateInvitation: async ({ organization: org }) => {
          await unlockInvitations(org.id);
        },
      },
      sendInvitationEmail: async ({ id, email, role, organization: org, inviter, invitation }) => {
        const url = `${env.PUBLIC_URL}/accept-invitation/${id}`;
        await sendEmail({
          to: email,
          organizationId: org.id,
          kind: "invitation",
          // One e-mail per sending: an invitation sent again (`resend`) has a new expiry and gets a new
          // e-mail; keyed on the id alone, the outbox took the second sending for a retry of the first.
          idempotencyKey: invitationEmailKey(id, invitation.expiresAt),
          subject: `${inviter.user.name} invited you to ${org.name} on Storage Agent`,
          text: `${inviter.user.name} invited you to join ${org.name} as ${role}.\n\nAccept the invitation:\n${url}\n\nThe link is valid for 7 days.`,
        });
      },
    }),
    twoFactor({ issuer: "Storage Agent" }),
  ],
});

export type Session = typeof auth.$Infer.Session;

/**
 * The outbox key of one sending of an invitation's e-mail. Better Auth logs and swallows an error
 * from sendInvitationEmail (and sendEmail reports an SMTP refusal as a "failed" row rather than
 * throwing), so the team router reads this row to learn whether the e-mail went out.
 */
export function invitationEmailKey(invitationId: string, expiresAt: Date | string): string {
  return `invitation:${invitationId}:${new Date(expiresAt).getTime()}`;
}

/** The member row of a user in an organization, or null: the one check every org-scoped request makes. */
export async function findMembership(userId: string, organizationId: string) {
  const [row] = await db
    .select({ id: schema.member.id, role: schema.member.role })
    .from(schema.member)
    .where(and(eq(schema.member.userId, userId), eq(schema.member.organizationId, organizationId)))
    .limit(1);
  return row ?? null;
}
