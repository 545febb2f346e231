import { sql, type AnyColumn } from "drizzle-orm";

/** Select this alongside a page's rows to build the next cursor (microseconds since the epoch, as text). */
export const cursorMicros = (createdAt: AnyColumn) =>
  sql<string>`(extract(epoch from ${createdAt}) * 1000000)::bigint::text`;
