import { getTableColumns, is, sql, SQL, type Column, type SQLWrapper } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";

/**
 * Helpers for `insert(table).select(...)` whose values come from other CTEs of the same statement
 * (a row just inserted or locked), in statements prepared once per connection
 * (src/server/db/prepared.ts).
 */

/** The column's default as the database has it (`now()`, `gen_random_uuid()`, a constant), or null. */
export function columnDefault(column: Column): SQL {
  if (column.default === undefined) return sql`null`;
  return is(column.default, SQL) ? column.default : sql`${sql.param(column.default, column)}`;
}

/**
 * A placeholder for a column's value, cast to the column's type: in a select list Postgres would take
 * an untyped parameter for text. Raw (pg serialises the value: a Date, an object as JSON, an array
 * as an array literal), since drizzle's encoders do not take null.
 */
export function placeholderFor(column: Column, name: string): SQL {
  return sql`${sql.placeholder(name)}::${sql.raw(column.getSQLType())}`;
}

/**
 * The select list for `insert(table).select(...)`: every column in table order (drizzle checks the
 * keys and their order), each the SQL given for it or else the column's database default. A column
 * whose default is computed in JavaScript (`$defaultFn`) must be given: in a prepared statement that
 * value would be fixed when the statement is built.
 */
export function insertSelectRow<T extends PgTable>(
  table: T,
  given: Partial<Record<keyof T["_"]["columns"], SQLWrapper>>,
) {
  const values = given as Record<string, SQLWrapper | undefined>;
  const row = Object.entries(getTableColumns(table)).map(([key, column]) => {
    const value = values[key];
    if (value === undefined && (column as Column).defaultFn !== undefined)
      throw new Error(`insertSelectRow: ${key} is computed in JavaScript; give it`);
    return [key, sql`${value ?? columnDefault(column as Column)}`.as(key)];
  });
  return Object.fromEntries(row) as Record<keyof T["_"]["columns"], SQL.Aliased>;
}
