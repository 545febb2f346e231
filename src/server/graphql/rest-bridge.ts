import { GraphQLError } from "graphql";
import type { ZodError } from "zod";

import { CONTROL_CHARACTER_MESSAGE, findControlCharacter } from "@/server/http/control-characters";
import { ApiProblem, PROBLEM_BASE, problemFrom, zodErrors, type Problem } from "@/server/http/problem";
import { isWithStatus } from "@/server/public-api/route";
import { ROUTES } from "@/server/public-api/routes";

import type { GraphQLContext } from "./context";

/**
 * GraphQL runs the REST API's own operations: the same zod schemas validate the same inputs, the
 * same handlers call the same domain services and queries, the same serializers shape the answer.
 * A rule lives in one place; GraphQL only renames fields (camelCase) and nests objects.
 */
const byOperation = new Map(ROUTES.map((r) => [r.operationId, r]));

const snake = (k: string) => k.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);

/** camelCase GraphQL input to the REST body/query's snake_case names; absent (undefined) values stay absent. */
export function toSnake(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toSnake);
  // graphql-js builds input objects from literals with a null prototype, from variables with Object's.
  const proto = value && typeof value === "object" ? Object.getPrototypeOf(value) : undefined;
  if (proto === Object.prototype || proto === null)
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [snake(k), toSnake(v)]),
    );
  return value;
}

/** A problem's field paths in GraphQL's names (`customer.phone` stays, `move_in_date` → `moveInDate`). */
const PAGE_ARGS: Record<string, string> = { limit: "first", cursor: "after" };
const camelPath = (path: string) => PAGE_ARGS[path] ?? path.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

export interface FieldError {
  path: string;
  message: string;
}

/** Expected failures, returned as typed results by mutations (and raised as coded errors by queries). */
export class ValidationError extends Error {
  constructor(
    message: string,
    public readonly fields: FieldError[] = [],
  ) {
    super(message);
  }
}
export class NotFoundError extends Error {}
export class UnitUnavailableError extends Error {}
export class ConflictError extends Error {}

/**
 * Known errors (the one error map: src/lib/domain-error.ts through problemFrom) to the typed errors
 * above; null for anything else.
 */
export function expectedError(err: unknown, conflict: "unit" | "state" = "state"): Error | null {
  const p = problemFrom(err);
  if (!p) return null;
  if (p.kind === "not-found") return new NotFoundError(p.message);
  if (p.kind === "conflict")
    return conflict === "unit" ? new UnitUnavailableError(p.message) : new ConflictError(p.message);
  if (p.kind === "validation-error" || p.kind === "invalid-cursor")
    return new ValidationError(
      p.message,
      (p.extra.errors ?? []).map((e) => ({ path: camelPath(e.path), message: e.message })),
    );
  return null;
}

/**
 * A known error as a GraphQL error with a stable code (NOT_FOUND, BAD_USER_INPUT, CONFLICT, or the
 * REST problem's kind, e.g. PRECONDITION_FAILED) and the REST problem type; anything else unchanged
 * (masked as an internal error).
 */
export function asGraphQLError(err: unknown): unknown {
  const p = problemFrom(err);
  if (!p) return err;
  const typed = expectedError(err);
  const code =
    typed instanceof NotFoundError
      ? "NOT_FOUND"
      : typed instanceof ValidationError
        ? "BAD_USER_INPUT"
        : p.kind.toUpperCase().replace(/-/g, "_");
  return new GraphQLError(p.message, {
    extensions: {
      code,
      problemType: PROBLEM_BASE + p.kind,
      ...(typed instanceof ValidationError && typed.fields.length ? { fields: typed.fields } : {}),
    },
  });
}

interface Call {
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
}

/** Runs a REST operation's handler inside the GraphQL operation's transaction. */
export async function runOperation<T = unknown>(ctx: GraphQLContext, operationId: string, call: Call): Promise<T> {
  const route = byOperation.get(operationId);
  if (!route) throw new Error(`no REST operation ${operationId}`);
  if (!ctx.tx) throw new Error("runOperation outside a transaction");
  const invalid = (location: "query" | "body" | "path", error: ZodError): never => {
    const errors: Problem["errors"] = zodErrors(location, error);
    throw new ApiProblem("validation-error", "Some arguments are not valid.", { errors });
  };
  // As REST refuses them before parsing (public-api/handle-request.ts): a NUL reaching PostgreSQL in
  // a filter or a field failed the whole query as an internal error (the GraphQL fuzz test found it).
  for (const [location, value] of [
    ["path", call.params],
    ["query", call.query],
    ["body", call.body],
  ] as const) {
    const path = findControlCharacter(value ?? {});
    if (path !== null)
      throw new ApiProblem("validation-error", CONTROL_CHARACTER_MESSAGE, {
        errors: [{ location, path, message: CONTROL_CHARACTER_MESSAGE }],
      });
  }
  const params = route.params ? route.params.safeParse(call.params ?? {}) : { success: true as const, data: {} };
  if (!params.success) throw new ApiProblem("not-found", "No such resource.");
  const query = route.query ? route.query.strict().safeParse(toSnake(call.query ?? {})) : null;
  if (query && !query.success) invalid("query", query.error);
  const body = route.body ? route.body.safeParse(toSnake(call.body ?? {})) : null;
  if (body && !body.success) invalid("body", body.error);
  const out = await route.handler({
    tx: ctx.tx,
    organizationId: ctx.organizationId,
    key: ctx.key,
    actor: ctx.actor,
    params: params.data as never,
    query: (query?.data ?? {}) as never,
    body: body?.data as never,
  });
  return (isWithStatus(out) ? out.body : out) as T;
}
