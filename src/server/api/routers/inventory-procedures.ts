import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";

import { orgProcedure, requireRole } from "@/server/api/trpc";
import { DomainError } from "@/server/domain/errors";

/**
 * Procedures for the inventory routers: the domain services throw DomainError (and ZodError for
 * input they validate themselves); this maps them to tRPC codes with the service's message.
 */
export const domainProcedure = orgProcedure.use(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof DomainError) throw new TRPCError({ code: cause.code, message: cause.message, cause });
    if (cause instanceof ZodError) {
      const first = cause.issues[0];
      throw new TRPCError({
        code: "BAD_REQUEST",
        message: first ? `${first.path.join(".") || "input"}: ${first.message}` : "Invalid input.",
        cause,
      });
    }
  }
  return result;
});

/** Managers and above: facilities, inventory, rates and reservations. */
export const managerDomainProcedure = domainProcedure.use(requireRole("manager"));

export const actorOf = (ctx: { user: { id: string; email: string } }) => ({
  userId: ctx.user.id,
  label: ctx.user.email,
});
