import { and, or, sql, type AnyColumn, type SQL } from "drizzle-orm";

import { DomainError } from "@/server/domain/errors";

/**
 * Keyset paging for the console's lists (Leads, Reservations, Calls): "show more" asks for the rows
 * after the last one shown, in the list's sort order, so rows added or moved while someone reads
 * never repeat or vanish a page, and page 40 costs what page 1 does (no OFFSET).
 *
 * A sort is a list of keys, the last unique (an id). Every key must be non-null (coalesce a nullable
 * column), so the comparison is total. The cursor is opaque to the browser: base64url JSON of the
 * sort's name and the last row's key values, as Postgres printed them; a cursor that does not decode
 * to values of the sort's types is refused with a clear error, never passed to a cast that would fail
 * in SQL.
 */
export type KeyType = "timestamptz" | "int" | "text" | "bool" | "uuid" | "date";
export interface SortKey {
  expr: SQL | AnyColumn;
  dir: "asc" | "desc";
  type: KeyType;
}

const TIMESTAMP = /^(-?infinity|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d(:\d\d)?))$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d\d-\d\d$/;

function valid(type: KeyType, v: unknown): boolean {
  switch (type) {
    case "timestamptz":
      return typeof v === "string" && TIMESTAMP.test(v) && (v.includes("infinity") || !Number.isNaN(Date.parse(v)));
    case "date":
      return typeof v === "string" && DAY.test(v) && !Number.isNaN(Date.parse(v));
    case "int":
      return typeof v === "number" && Number.isSafeInteger(v);
    case "bool":
      return typeof v === "boolean";
    case "uuid":
      return typeof v === "string" && UUID.test(v);
    case "text":
      return typeof v === "string" && v.length <= 1000 && !v.includes("\u0000");
  }
}

export const invalidCursor = () =>
  new DomainError("BAD_REQUEST", "This list position (cursor) is not valid for this sort: reload the list.");

/** `json_build_array(k1, k2, …)`: select it beside the rows to build the next cursor from the last one. */
export function cursorColumn(keys: readonly SortKey[]) {
  return sql<unknown[]>`json_build_array(${sql.join(
    keys.map((k) => sql`${k.expr}`),
    sql`, `,
  )})`;
}

export function orderBy(keys: readonly SortKey[]): SQL[] {
  return keys.map((k) => (k.dir === "asc" ? sql`${k.expr} asc` : sql`${k.expr} desc nulls last`));
}

export function encodeCursor(sort: string, values: unknown[]): string {
  return Buffer.from(JSON.stringify({ s: sort, v: values })).toString("base64url");
}

/** The key values a cursor carries, checked against the sort's types (else BAD_REQUEST). */
export function decodeCursor(cursor: string, sort: string, keys: readonly SortKey[]): unknown[] {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]{1,4000}$/.test(cursor)) throw invalidCursor();
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
  const p = parsed as { s?: unknown; v?: unknown };
  if (!p || typeof p !== "object" || p.s !== sort || !Array.isArray(p.v) || p.v.length !== keys.length)
    throw invalidCursor();
  const values = p.v as unknown[];
  if (!keys.every((k, i) => valid(k.type, values[i]))) throw invalidCursor();
  return values;
}

const param = (type: KeyType, v: unknown) => sql`cast(${v} as ${sql.raw(type === "int" ? "bigint" : type)})`;

/**
 * The rows after `values` in the sort's order. One direction throughout: a row comparison
 * `(k1, k2, id) > (…)`, which an index on the same keys answers as a range. Mixed directions: the
 * expanded form `k1 > v1 or (k1 = v1 and k2 < v2) or …`.
 */
export function after(keys: readonly SortKey[], values: readonly unknown[]): SQL {
  const params = keys.map((k, i) => param(k.type, values[i]));
  if (keys.every((k) => k.dir === keys[0]!.dir)) {
    const op = sql.raw(keys[0]!.dir === "asc" ? ">" : "<");
    return sql`(${sql.join(
      keys.map((k) => sql`${k.expr}`),
      sql`, `,
    )}) ${op} (${sql.join(params, sql`, `)})`;
  }
  const branches = keys.map((k, i) => {
    const equal = keys.slice(0, i).map((e, j) => sql`${e.expr} = ${params[j]}`);
    const beyond = sql`${k.expr} ${sql.raw(k.dir === "asc" ? ">" : "<")} ${params[i]}`;
    return and(...equal, beyond)!;
  });
  return or(...branches)!;
}

/** A page of `limit` rows from `limit + 1` fetched, and the cursor after its last row. */
export function page<R extends { cursor: unknown }>(rows: R[], limit: number, sort: string) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor(sort, last.cursor as unknown[]) : null;
  return { items: items.map(({ cursor: _c, ...rest }) => rest), nextCursor };
}
