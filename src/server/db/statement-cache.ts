import type pg from "pg";

/**
 * Server-side prepared statements for every pooled connection, without naming them by hand.
 *
 * pg sends an unnamed statement as Parse + Bind + Execute every time, so Postgres parses, rewrites
 * (row-level security included) and plans it on every call: for the agent's turn statements that is
 * 0.3–1 ms each, more than the round trip. A named statement is parsed once per connection, and after
 * five executions Postgres keeps a generic plan when it is no worse than the custom ones (the default
 * `plan_cache_mode = auto`), so a repeated Bind costs microseconds. Drizzle builds the same text for
 * the same query shape, so the text is the natural key: the first time a text is seen it gets the
 * next name (`s1`, `s2`, …), and a name never stands for another text in this process, which is what
 * pg requires of a connection.
 *
 * Bounds: only parameterised statements (the extended protocol; simple multi-statement strings stay
 * as they are), only texts up to MAX_TEXT characters (a bulk insert's text is rebuilt per batch size
 * and would pin memory), at most MAX_TEXTS names per process and MAX_PER_CONNECTION statements per
 * connection; past a bound a statement simply runs unnamed, as before.
 *
 * Prepared statements outlive a rolled-back transaction and see DDL: Postgres re-plans a statement
 * whose tables changed. Our statements name their columns (drizzle never writes `select *`), so a
 * migration that adds a column cannot change a cached statement's result type.
 */
const MAX_TEXT = 16_000;
const MAX_TEXTS = 5_000;
const MAX_PER_CONNECTION = 1_000;

const names = new Map<string, string>();
let counter = 0;

function nameFor(text: string): string | undefined {
  if (text.length > MAX_TEXT) return undefined;
  let name = names.get(text);
  if (name === undefined && names.size < MAX_TEXTS) {
    name = `sa${++counter}`;
    names.set(text, name);
  }
  return name;
}

interface QueryConfigLike {
  text?: unknown;
  name?: unknown;
  values?: unknown;
  submit?: unknown;
}

type Query = (...args: unknown[]) => unknown;

/** Patches one pooled client (call it from the pool's "connect" event). */
export function prepareRepeatedStatements(client: pg.Client): void {
  const connection = (client as unknown as { connection: { parsedStatements: Record<string, string> } }).connection;
  const query = client.query.bind(client) as Query;
  let prepared = 0;
  const named = (text: string): string | undefined => {
    const name = nameFor(text);
    if (name === undefined) return undefined;
    if (connection.parsedStatements[name] !== undefined) return name;
    if (prepared >= MAX_PER_CONNECTION) return undefined;
    prepared++;
    return name;
  };
  (client as unknown as { query: Query }).query = (...args: unknown[]) => {
    const [first, second] = args;
    if (typeof first === "string") {
      if (Array.isArray(second) && second.length > 0) {
        const name = named(first);
        if (name) args[0] = { text: first, name };
      }
    } else if (first && typeof first === "object" && typeof (first as QueryConfigLike).submit !== "function") {
      const config = first as QueryConfigLike;
      const values = Array.isArray(second) ? second : config.values;
      if (config.name === undefined && typeof config.text === "string" && Array.isArray(values) && values.length > 0) {
        const name = named(config.text);
        // drizzle reuses one config object per prepared query; a copy leaves it as it was.
        if (name) args[0] = { ...config, name };
      }
    }
    return query(...args);
  };
}
