import { createHash } from "node:crypto";

import { and, eq, lt, sql } from "drizzle-orm";

import type { Transaction } from "@/server/db/client";
import { apiIdempotencyKey } from "@/server/db/schema";

import { ApiProblem } from "@/server/http/problem";

/**
 * `Idempotency-Key` for the public API's creating POSTs, with Stripe's semantics: the same key with
 * the same request replays the first successful answer (status and body, marked
 * `Idempotent-Replayed: true`); the same key with a different request is refused with 422. Keys are
 * scoped to the API key that sent them and forgotten after IDEMPOTENCY_TTL_HOURS.
 *
 * The key's row is inserted first thing in the request's own transaction, so:
 * - the answer is stored atomically with what it created: there is no window where a booking exists
 *   and its key does not (a crash in between rolls both back);
 * - a concurrent duplicate blocks on the row's unique index until the first commits, then finds the
 *   stored answer and replays it; if the first rolls back (an error), the duplicate runs instead.
 * Error answers are therefore not stored: a retry after a 409 or a validation error runs again.
 */
export const IDEMPOTENCY_HEADER = "idempotency-key";
export const IDEMPOTENCY_TTL_HOURS = 24;
const MAX_KEY_LENGTH = 255;
// Printable ASCII only: the key is echoed in logs and compared byte for byte.
const KEY_PATTERN = /^[\x21-\x7e]+$/;

/** The header's value, or null when absent; a malformed key is a 400 before anything runs. */
export function readIdempotencyKey(headers: Headers): string | null {
  const raw = headers.get(IDEMPOTENCY_HEADER);
  if (raw === null) return null;
  const key = raw.trim();
  if (!key || key.length > MAX_KEY_LENGTH || !KEY_PATTERN.test(key))
    throw new ApiProblem(
      "validation-error",
      `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} printable ASCII characters (a UUID is a good choice).`,
    );
  return key;
}

/** JSON with object keys sorted, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value) ?? "null";
}

/** What makes two requests "the same": method, path and the parsed body (not its formatting). */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash("sha256")
    .update(`${method} ${path}\n${canonical(body)}`)
    .digest("hex");
}

export interface StoredAnswer {
  status: number;
  body: unknown;
}

export interface IdempotencyClaim {
  /** The stored answer to replay, or null when this request runs and must `record` its answer. */
  replay: StoredAnswer | null;
  record: (answer: StoredAnswer) => Promise<void>;
}

/**
 * Claims `key` for this request inside its transaction (tenant role: RLS scopes it to the key's
 * organization). Waits for a concurrent holder of the same key to finish.
 */
export async function claimIdempotencyKey(
  tx: Transaction,
  scope: { organizationId: string; apiKeyId: string },
  key: string,
  fingerprint: string,
): Promise<IdempotencyClaim> {
  const where = and(
    eq(apiIdempotencyKey.organizationId, scope.organizationId),
    eq(apiIdempotencyKey.apiKeyId, scope.apiKeyId),
    eq(apiIdempotencyKey.key, key),
  );
  // An expired key is as good as unused.
  await tx.delete(apiIdempotencyKey).where(and(where, lt(apiIdempotencyKey.expiresAt, sql`now()`)));
  // Placeholder status 0 until the answer is known; nobody outside this transaction ever sees it.
  const inserted = await tx
    .insert(apiIdempotencyKey)
    .values({
      ...scope,
      key,
      requestHash: fingerprint,
      responseStatus: 0,
      responseBody: {},
      expiresAt: sql`now() + make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`,
    })
    .onConflictDoNothing()
    .returning({ key: apiIdempotencyKey.key });
  const record = async (answer: StoredAnswer) => {
    await tx
      .update(apiIdempotencyKey)
      .set({ responseStatus: answer.status, responseBody: answer.body as object })
      .where(where);
  };
  if (inserted.length) return { replay: null, record };

  const [stored] = await tx.select().from(apiIdempotencyKey).where(where);
  // Gone between the conflict and the read (expired and deleted by another retry): ask for a retry.
  if (!stored)
    throw new ApiProblem("idempotency-key-in-use", "A request with this Idempotency-Key is in progress; retry it.");
  if (stored.requestHash !== fingerprint)
    throw new ApiProblem(
      "idempotency-key-reused",
      "This Idempotency-Key was used for a different request. Use a new key for a new request.",
    );
  return { replay: { status: stored.responseStatus, body: stored.responseBody }, record };
}
