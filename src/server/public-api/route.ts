import type { z } from "zod";

import type { Transaction } from "@/server/db/client";
import type { Actor } from "@/server/domain/actor";

import type { AuthenticatedKey } from "./api-keys";

/**
 * One public API operation: its method and path, zod schemas for what it takes and returns (the
 * same schemas validate requests and generate the OpenAPI document), and a handler that runs inside
 * `withOrg`, so row-level security confines it to the key's organization.
 */
export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";
type AnyObject = z.ZodObject<z.ZodRawShape>;

export interface HandlerContext<P, Q, B> {
  tx: Transaction;
  organizationId: string;
  key: AuthenticatedKey;
  actor: Actor;
  params: P;
  query: Q;
  body: B;
  /** The request's `Idempotency-Key` on an idempotent route (null without one). */
  idempotencyKey?: string | null;
}

export interface ApiRoute<
  P extends AnyObject = AnyObject,
  Q extends AnyObject = AnyObject,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** OpenAPI style: `/leads/{id}`. */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  /** Honours an `Idempotency-Key` header (./idempotency.ts): a retry replays the first answer. */
  idempotent?: boolean;
  /** Success statuses this operation answers with; the first is the usual one. */
  statuses?: number[];
  /**
   * Work before the request's transaction opens (a network read the handler then finds stored, such as
   * a balance from the PMS): never holds a transaction while it waits. GraphQL, which runs the
   * handler inside its own transaction, skips it; the handler must cope with what is stored.
   */
  prepare?: (ctx: {
    organizationId: string;
    params: z.output<P>;
    query: z.output<Q>;
    body: z.output<B>;
  }) => Promise<void>;
  handler: (
    ctx: HandlerContext<z.output<P>, z.output<Q>, z.output<B>>,
  ) => Promise<z.input<R> | { status: number; body: z.input<R> }>;
}

export function defineRoute<P extends AnyObject, Q extends AnyObject, B extends z.ZodType, R extends z.ZodType>(
  route: ApiRoute<P, Q, B, R>,
) {
  return route as unknown as ApiRoute;
}

/** For handlers that choose their status (201 created vs 200 merged). */
export const withStatus = <T>(status: number, body: T) => ({ status, body, __withStatus: true as const });
export const isWithStatus = (v: unknown): v is { status: number; body: unknown } =>
  typeof v === "object" && v !== null && (v as { __withStatus?: unknown }).__withStatus === true;
