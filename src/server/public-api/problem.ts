import "server-only";

import { z } from "zod";

/**
 * Errors as RFC 9457 problem details (`application/problem+json`). Each kind has a stable `type`
 * URI that integrators can switch on; `title` is fixed per type, `detail` explains this occurrence.
 */
export const PROBLEM_BASE = "https://storage-agent.dev/problems/";

export const PROBLEMS = {
  unauthorized: { status: 401, title: "Missing or invalid API key" },
  "insufficient-scope": { status: 403, title: "The API key lacks the scope this operation needs" },
  "not-found": { status: 404, title: "Not found" },
  "method-not-allowed": { status: 405, title: "Method not allowed" },
  "validation-error": { status: 400, title: "The request is not valid" },
  "invalid-json": { status: 400, title: "The request body is not valid JSON" },
  "invalid-cursor": { status: 400, title: "The cursor is not valid" },
  "unsupported-media-type": { status: 415, title: "Send the body as application/json" },
  "payload-too-large": { status: 413, title: "The request body is too large" },
  conflict: { status: 409, title: "The request conflicts with the current state" },
  "idempotency-key-in-use": { status: 409, title: "A request with this Idempotency-Key is in progress" },
  "idempotency-key-reused": { status: 422, title: "The Idempotency-Key was used for a different request" },
  "rate-limited": { status: 429, title: "Too many requests" },
  "internal-error": { status: 500, title: "Internal error" },
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

/** Zod issues to problem `errors`, dotted paths in the request's own snake_case names. */
export function zodErrors(location: "body" | "query" | "path", error: z.ZodError): NonNullable<Problem["errors"]> {
  return error.issues.slice(0, 50).map((i) => ({ location, path: i.path.map(String).join("."), message: i.message }));
}
