import { APIError } from "better-auth/api";

import { DomainError, type DomainErrorCode } from "@/lib/domain-error";

const BY_STATUS: Record<number, DomainErrorCode> = {
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "CONFLICT",
  429: "TOO_MANY_REQUESTS",
};

/**
 * Better Auth endpoints throw APIError; turn it into the DomainError of its status (the one error
 * map, which the base procedure converts) with Better Auth's message.
 */
export async function fromAuth<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof APIError) {
      const status = typeof err.statusCode === "number" ? err.statusCode : 400;
      throw new DomainError(BY_STATUS[status] ?? "BAD_REQUEST", err.message || "The request was refused.", {
        cause: err,
      });
    }
    throw err;
  }
}
