import { TRPCError } from "@trpc/server";
import { APIError } from "better-auth/api";

/** Better Auth endpoints throw APIError; turn it into the matching tRPC error with its message. */
export async function fromAuth<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof APIError) {
      const status = typeof err.statusCode === "number" ? err.statusCode : 400;
      const code =
        status === 401
          ? "UNAUTHORIZED"
          : status === 403
            ? "FORBIDDEN"
            : status === 404
              ? "NOT_FOUND"
              : status === 429
                ? "TOO_MANY_REQUESTS"
                : "BAD_REQUEST";
      throw new TRPCError({ code, message: err.message || "The request was refused." });
    }
    throw err;
  }
}
