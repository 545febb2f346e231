import { and, desc, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { z } from "zod";

import { ApiProblem } from "@/server/http/problem";

/**
 * Cursor pagination, newest first, over (created_at, id). The cursor is opaque to clients: base64url
 * of the last row's created_at in epoch microseconds (Postgres keeps microseconds; a JS Date would
 * lose them and skip or repeat rows) and its id. Rows written in one transaction share created_at;
 * where their order matters (a turn's text and its reply) a sequence column breaks the tie: `s`.
 */
export const ZPageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25).describe("Page size, 1 to 100 (default 25)."),
  cursor: z.string().max(200).optional().describe("`next_cursor` from the previous page."),
});

const ZCursor = z
  .object({ t: z.string().regex(/^\d{1,17}$/), i: z.uuid(), s: z.number().int().min(0).max(2_147_483_647).optional() })
  .strict();

export function encodeCursor(createdAtMicros: string, id: string, seq?: number) {
  return Buffer.from(JSON.stringify({ t: createdAtMicros, i: id, ...(seq === undefined ? {} : { s: seq }) })).toString(
    "base64url",
  );
}

export function decodeCursor(cursor: string): { t: string; i: string; s?: number } {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error("not base64url");
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new ApiProblem("invalid-cursor", "Pass back next_cursor exactly as received.");
  }
  const c = ZCursor.safeParse(parsed);
  if (!c.success) throw new ApiProblem("invalid-cursor", "Pass back next_cursor exactly as received.");
  return c.data;
}

/** The keyset condition for rows after the cursor, plus the matching order (`seq`: the tie-breaker above). */
export function keyset(createdAt: AnyColumn, id: AnyColumn, cursor: string | undefined, seq?: AnyColumn) {
  let where: SQL | undefined;
  if (cursor) {
    const c = decodeCursor(cursor);
    const at = sql`timestamptz 'epoch' + ${c.t}::bigint * interval '1 microsecond'`;
    if (seq && c.s === undefined) throw new ApiProblem("invalid-cursor", "Pass back next_cursor exactly as received.");
    where = seq
      ? sql`(${createdAt}, ${seq}, ${id}) < (${at}, ${c.s}::integer, ${c.i}::uuid)`
      : sql`(${createdAt}, ${id}) < (${at}, ${c.i}::uuid)`;
  }
  return { where, orderBy: seq ? [desc(createdAt), desc(seq), desc(id)] : [desc(createdAt), desc(id)] };
}

/** Rows were fetched with limit + 1: the extra one only says whether another page exists. */
export function page<T extends { cursorMicros: string; id: string; cursorSeq?: number }, R>(
  rows: T[],
  limit: number,
  map: (row: T) => R,
) {
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    data: items.map(map),
    next_cursor: more && last ? encodeCursor(last.cursorMicros, last.id, last.cursorSeq) : null,
    /** Each item's own cursor, for GraphQL's edges; not part of the REST page (its schema strips it). */
    cursors: items.map((r) => encodeCursor(r.cursorMicros, r.id, r.cursorSeq)),
  };
}

export const pageWhere = (...parts: (SQL | undefined)[]) => and(...parts.filter(Boolean));

export function ZPage<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      data: z.array(item),
      next_cursor: z.string().nullable().describe("Pass as `cursor` to get the next page; null on the last page."),
    })
    .meta({ id });
}
