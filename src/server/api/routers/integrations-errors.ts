import { TRPCError } from "@trpc/server";

import { DomainError } from "@/server/domain/errors";

/** Runs a service call for the apiKeys/webhooks routers, turning a DomainError into the matching tRPC error. */
export async function domainCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof DomainError) throw new TRPCError({ code: err.code, message: err.message, cause: err });
    throw err;
  }
}
