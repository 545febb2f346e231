/**
 * The one file that owns tRPC: context, initialisation and the procedure ladder.
 *
 *   publicProcedure    anyone
 *   protectedProcedure a signed-in user (ctx.session, ctx.user)
 *   orgProcedure       a member of the active organization: ctx.organizationId and ctx.role come from
 *                      the session and the member table, never from input
 *   orgProcedure.use(requireRole("admin"))  at least that role
 *
 * Every rung starts from `baseProcedure`, which converts errors once: a DomainError (the one error
 * map, src/lib/domain-error.ts) becomes the tRPC code of its table row with the service's message,
 * and a ZodError a service raised on input it validates itself becomes BAD_REQUEST. Routers and the
 * code below them never throw TRPCError.
 *
 * Edit this file when the ladder changes; routers only pick a rung.
 */
import { randomUUID } from "node:crypto";

import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError, z } from "zod";

import { auth, findMembership } from "@/server/auth";
import { roleAtLeast, type Role } from "@/lib/permissions";
import { issueSentence, readableZodMessage } from "@/lib/zod-messages";
import { withOrg, type Transaction } from "@/server/db/client";
import { withOrgRead } from "@/server/db/replica";
import { DOMAIN_ERRORS, DomainError } from "@/lib/domain-error";
import { CONTROL_CHARACTER_MESSAGE, findControlCharacter } from "@/server/http/control-characters";
import { currentRequestContext } from "@/server/observability/context";

export async function createContext(opts: { headers: Headers }) {
  const session = await auth.api.getSession({ headers: opts.headers });
  return { headers: opts.headers, session: session?.session ?? null, user: session?.user ?? null };
}
export type Context = Awaited<ReturnType<typeof createContext>>;

export const UNEXPECTED_ERROR_MESSAGE = "Something went wrong on our side; it has been logged.";

const references = new WeakMap<TRPCError, string>();

/**
 * The reference of an unexpected error: the request's id (the one server.ts logs and sends back as
 * X-Request-Id) when there is one, else a new id, the same for the log line and the client's message.
 */
export function errorReference(error: TRPCError): string {
  let ref = references.get(error);
  if (!ref) references.set(error, (ref = currentRequestContext()?.requestId ?? randomUUID()));
  return ref;
}

/**
 * An error no rung converted (a failed query, a bug): its message can hold SQL, table names or
 * values, so the client gets a generic sentence and a reference, and the log gets the rest.
 */
export const isUnexpected = (error: TRPCError) => error.code === "INTERNAL_SERVER_ERROR";

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    if (isUnexpected(error)) {
      const reference = errorReference(error);
      // No stack either (tRPC adds one outside production): it names files and the failing query.
      const { stack: _stack, ...data } = shape.data;
      return {
        ...shape,
        message: `${UNEXPECTED_ERROR_MESSAGE} Reference: ${reference}.`,
        data: { ...data, reference, zodError: null, issues: null },
      };
    }
    return {
      ...shape,
      // tRPC's message for invalid input is the issues as JSON, which forms show as is: send one
      // sentence per issue naming its field instead (src/lib/zod-messages.ts); data.zodError has
      // the same sentences by field.
      message: error.cause instanceof ZodError ? readableZodMessage(error.cause) : shape.message,
      data: {
        ...shape.data,
        reference: null,
        zodError: error.cause instanceof ZodError ? z.flattenError(error.cause, issueSentence) : null,
        // Every problem a domain service found (an import names each line and field), not only the first.
        issues:
          error.cause instanceof DomainError && Array.isArray(error.cause.details?.issues)
            ? (error.cause.details.issues as unknown[])
            : null,
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Every procedure's input, before its own schema: no control characters anywhere (NUL failed the
 * query with a 500; see src/server/http/control-characters.ts). 400, naming the field. Then domain
 * errors are converted once.
 */
const baseProcedure = t.procedure.use(async ({ getRawInput, next }) => {
  const field = findControlCharacter(await getRawInput());
  if (field !== null)
    throw new TRPCError({
      code: "BAD_REQUEST",
      message: field ? `${field}: ${CONTROL_CHARACTER_MESSAGE}` : CONTROL_CHARACTER_MESSAGE,
    });
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof DomainError)
      throw new TRPCError({ code: DOMAIN_ERRORS[cause.code].trpc, message: cause.message, cause });
    if (cause instanceof ZodError && result.error.code !== "BAD_REQUEST")
      throw new TRPCError({ code: "BAD_REQUEST", message: readableZodMessage(cause), cause });
  }
  return result;
});

export const publicProcedure = baseProcedure;

export const protectedProcedure = baseProcedure.use(({ ctx, next }) => {
  if (!ctx.session || !ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first." });
  return next({ ctx: { ...ctx, session: ctx.session, user: ctx.user } });
});

export const orgProcedure = protectedProcedure.use(async ({ ctx, next }) => {
  const organizationId = ctx.session.activeOrganizationId;
  if (!organizationId) throw new TRPCError({ code: "FORBIDDEN", message: "Choose or create an organization first." });
  const membership = await findMembership(ctx.user.id, organizationId);
  if (!membership) throw new TRPCError({ code: "FORBIDDEN", message: "You are not a member of this organization." });
  return next({
    ctx: {
      ...ctx,
      organizationId,
      role: membership.role as Role,
      memberId: membership.id,
      /** Who is acting, as the audit log records it. */
      actor: { userId: ctx.user.id, label: ctx.user.email },
      /** Runs `fn` in a transaction confined by row-level security to this organization. */
      tenant: <T>(fn: (tx: Transaction) => Promise<T>) => withOrg(organizationId, fn),
      /**
       * The same for reads that may lag a few seconds (analytics, reports, list pages): on the read
       * replica when one is configured and fit (src/server/db/replica.ts), else on the primary.
       * Never for a read that must see this user's own write just made.
       */
      tenantRead: <T>(fn: (tx: Transaction) => Promise<T>) => withOrgRead(organizationId, fn),
    },
  });
});

/** Procedure middleware: refuse unless the member's role is at least `minimum`. */
export function requireRole(minimum: Role) {
  return t.middleware(({ ctx, next }) => {
    const role = (ctx as { role?: string }).role;
    if (!role || !roleAtLeast(role, minimum)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This needs the ${minimum} role or higher.` });
    }
    return next();
  });
}

export const adminProcedure = orgProcedure.use(requireRole("admin"));
export const managerProcedure = orgProcedure.use(requireRole("manager"));
