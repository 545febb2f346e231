import { z, ZodError } from "zod";

import { DOMAIN_ERRORS, DomainError } from "@/lib/domain-error";
import { issueSentence, readableZodMessage } from "@/lib/zod-messages";

/**
 * Errors as RFC 9457 problem details (`application/problem+json`). Each kind has a stable `type`
 * URI that integrators can switch on; `title` is fixed per type, `detail` explains this occurrence.
 * One catalogue for every HTTP door that answers problems: the public API, the web chat endpoints
 * and the session route handlers (downloads, realtime). A DomainError maps to its kind through the
 * one error map (src/lib/domain-error.ts).
 */
export const PROBLEM_BASE = "https://storage-agent.dev/problems/";

export const PROBLEMS = {
  unauthorized: { status: 401, title: "Missing or invalid API key" },
  unauthenticated: { status: 401, title: "Sign in and choose an organization first" },
  forbidden: { status: 403, title: "Your role does not allow this" },
  "insufficient-scope": { status: 403, title: "The API key lacks the scope this operation needs" },
  "not-found": { status: 404, title: "Not found" },
  "method-not-allowed": { status: 405, title: "Method not allowed" },
  "validation-error": { status: 400, title: "The request is not valid" },
  "invalid-json": { status: 400, title: "The request body is not valid JSON" },
  "invalid-cursor": { status: 400, title: "The cursor is not valid" },
  "unsupported-media-type": { status: 415, title: "Send the body as application/json" },
  "payload-too-large": { status: 413, title: "The request body is too large" },
  conflict: { status: 409, title: "The request conflicts with the current state" },
  "precondition-failed": { status: 412, title: "This is not set up yet" },
  "idempotency-key-in-use": { status: 409, title: "A request with this Idempotency-Key is in progress" },
  "idempotency-key-reused": { status: 422, title: "The Idempotency-Key was used for a different request" },
  "rate-limited": { status: 429, title: "Too many requests" },
  "internal-error": { status: 500, title: "Internal error" },
  "upstream-failure": { status: 502, title: "A provider we depend on failed" },
  // The web chat's own (docs/web-chat.md).
  "invalid-widget-key": { status: 401, title: "Unknown or rotated widget key" },
  "invalid-conversation-token": { status: 401, title: "Missing or invalid conversation token" },
  "widget-disabled": { status: 403, title: "The web chat is switched off for this facility" },
  "origin-not-allowed": { status: 403, title: "This site may not use the widget key" },
  "conversation-ended": { status: 409, title: "The conversation was closed" },
} as const;
export type ProblemKind = keyof typeof PROBLEMS;

export const ZProblem = z
  .object({
    type: z.url().describe("Stable URI naming this kind of error; see the error catalogue."),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z
      .array(z.object({ location: z.enum(["body", "query", "path"]), path: z.string(), message: z.string() }))
      .optional()
      .describe("For validation-error: each invalid field, e.g. path `customer.phone`."),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details." });
export type Problem = z.infer<typeof ZProblem>;

export class ApiProblem extends Error {
  constructor(
    public readonly kind: ProblemKind,
    detail?: string,
    public readonly extra: { errors?: Problem["errors"]; headers?: Record<string, string> } = {},
  ) {
    super(detail ?? PROBLEMS[kind].title);
    this.name = "ApiProblem";
  }
  get status() {
    return PROBLEMS[this.kind].status;
  }
  body(instance: string): Problem {
    return problemBody(this.kind, this.message, instance, this.extra.errors);
  }
}

/**
 * The problem a known error stands for: an ApiProblem as it is, a DomainError by the one error map
 * (a `details.field` names the body field), a ZodError from a service's own validation as a
 * validation error. Null for anything else: a bug, answered as internal-error and logged.
 */
export function problemFrom(err: unknown): ApiProblem | null {
  if (err instanceof ApiProblem) return err;
  if (err instanceof DomainError) {
    const field = typeof err.details?.field === "string" ? err.details.field : null;
    return new ApiProblem(
      DOMAIN_ERRORS[err.code].problem,
      err.message,
      err.code === "BAD_REQUEST" && field ? { errors: [{ location: "body", path: field, message: err.message }] } : {},
    );
  }
  if (err instanceof ZodError)
    return new ApiProblem("validation-error", "The request is not valid.", { errors: zodErrors("body", err) });
  return null;
}

export function problemBody(
  kind: ProblemKind,
  detail: string | undefined,
  instance: string,
  errors?: Problem["errors"],
): Problem {
  const { status, title } = PROBLEMS[kind];
  return {
    type: PROBLEM_BASE + kind,
    title,
    status,
    ...(detail ? { detail } : {}),
    instance,
    ...(errors?.length ? { errors } : {}),
  };
}

export function problemResponse(p: ApiProblem, instance: string, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(problemBody(p.kind, p.message, instance, p.extra.errors)), {
    status: p.status,
    headers: { "content-type": "application/problem+json", ...headers, ...p.extra.headers },
  });
}

/**
 * Zod issues to problem `errors`, dotted paths in the request's own snake_case names; each message
 * a sentence naming the field (src/lib/zod-messages.ts), not zod's "Too big: expected string…".
 */
export function zodErrors(location: "body" | "query" | "path", error: z.ZodError): NonNullable<Problem["errors"]> {
  return error.issues
    .slice(0, 50)
    .map((i) => ({ location, path: i.path.map(String).join("."), message: issueSentence(i) }));
}

/** One line a person can read from zod issues: a sentence for each, naming its field. */
export const readableIssues = readableZodMessage;
