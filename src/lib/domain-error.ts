/**
 * The one error map. Domain services, billing, telephony and the shared helpers in src/lib throw
 * `DomainError` with one of these codes for bad input or a refused action; each door translates the
 * code once, from this table: tRPC's base procedure (src/server/api/trpc.ts), the public API, the chat
 * endpoints and the session route handlers (RFC 9457 problem+json, src/server/http/problem.ts), the
 * agent's tools (a refusal the dialogue can say). Anything else thrown is a bug (500).
 */
export const DOMAIN_ERRORS = {
  BAD_REQUEST: { status: 400, trpc: "BAD_REQUEST", problem: "validation-error" },
  UNAUTHORIZED: { status: 401, trpc: "UNAUTHORIZED", problem: "unauthenticated" },
  FORBIDDEN: { status: 403, trpc: "FORBIDDEN", problem: "forbidden" },
  NOT_FOUND: { status: 404, trpc: "NOT_FOUND", problem: "not-found" },
  CONFLICT: { status: 409, trpc: "CONFLICT", problem: "conflict" },
  /** The server or the organization is not set up for this yet (billing or Twilio not configured). */
  PRECONDITION_FAILED: { status: 412, trpc: "PRECONDITION_FAILED", problem: "precondition-failed" },
  TOO_MANY_REQUESTS: { status: 429, trpc: "TOO_MANY_REQUESTS", problem: "rate-limited" },
  /** A provider we depend on (Stripe, Twilio, a PMS) failed or refused; the message says which. */
  UPSTREAM_FAILURE: { status: 502, trpc: "BAD_GATEWAY", problem: "upstream-failure" },
} as const;

export type DomainErrorCode = keyof typeof DOMAIN_ERRORS;

export class DomainError extends Error {
  constructor(
    public readonly code: DomainErrorCode,
    message: string,
    public readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "DomainError";
  }

  get status(): number {
    return DOMAIN_ERRORS[this.code].status;
  }
}
