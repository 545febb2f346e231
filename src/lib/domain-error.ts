/**
 * Errors the domain services (and the shared helpers in src/lib) throw for bad input or a refused action. Routers, the agent's tools and
 * the public API each translate `code` to their own protocol; anything else is a bug (500).
 */
export type DomainErrorCode = "BAD_REQUEST" | "NOT_FOUND" | "CONFLICT";

export class DomainError extends Error {
  constructor(
    public readonly code: DomainErrorCode,
    message: string,
    public readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}
