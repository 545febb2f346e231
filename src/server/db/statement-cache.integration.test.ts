import { randomUUID } from "node:crypto";

import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { databaseUrl, getPool, withOrg } from "./client";
import { prepared, rawPrepared } from "./prepared";
import { prepareRepeatedStatements } from "./statement-cache";

/** The server-side prepared statements of the connection that runs this query. */
const preparedOn = (c: pg.Client) =>
  c
    .query<{ name: string; statement: string }>("select name, statement from pg_prepared_statements order by name")
    .then((r) => r.rows);

describe("statement cache (server-side prepared statements per connection)", () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: databaseUrl() });
    await client.connect();
    prepareRepeatedStatements(client);
  });
  afterAll(() => client.end());

  it("names a parameterised statement after its text once, reuses it, and leaves the rest unnamed", async () => {
    const tag = randomUUID().slice(0, 8);
    const text = `select $1::int + 1 as n /* ${tag} */`;
    for (let i = 0; i < 7; i++) expect((await client.query<{ n: number }>(text, [i])).rows[0]!.n).toBe(i + 1);
    // A config object (drizzle's form) with the same text runs as the same statement.
    expect((await client.query<{ n: number }>({ text }, [41])).rows[0]!.n).toBe(42);
    // Simple-protocol strings (several statements, no parameters) are left alone.
    await client.query(`select 1 /* ${tag} a */; select 2 /* ${tag} b */`);
    const mine = (await preparedOn(client)).filter((s) => s.statement.includes(tag));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.statement).toBe(text);
    expect(mine[0]!.name).toMatch(/^sa\d+$/);
  });

  it("a different text gets a different name; a statement that fails to parse leaves no name behind", async () => {
    const tag = randomUUID().slice(0, 8);
    await client.query(`select $1::text as a /* ${tag} */`, ["x"]);
    await client.query(`select $1::text as b /* ${tag} */`, ["y"]);
    await expect(client.query(`select $1::text,, /* ${tag} */`, ["z"])).rejects.toThrow();
    // The connection is still usable and the failed text was not recorded as prepared.
    await client.query(`select $1::text as a /* ${tag} */`, ["x"]);
    const mine = (await preparedOn(client)).filter((s) => s.statement.includes(tag));
    expect(mine).toHaveLength(2);
    expect(new Set(mine.map((s) => s.name)).size).toBe(2);
  });

  it("does not name very long texts (a bulk insert's text would pin memory)", async () => {
    const tag = randomUUID().slice(0, 8);
    const long = `select $1::int as n /* ${tag} ${"x".repeat(17_000)} */`;
    await client.query(long, [1]);
    await client.query(long, [2]);
    expect((await preparedOn(client)).filter((s) => s.statement.includes(tag))).toHaveLength(0);
  });

  it("pooled connections get it, and tenant transactions still see only their own organization", async () => {
    const tag = randomUUID().slice(0, 8);
    const seen = await withOrg("org-stmt-cache-a", async (tx) => {
      for (let i = 0; i < 3; i++)
        await tx.execute(
          sql`select ${i}::int as i, current_setting('app.organization_id') as org /* ${sql.raw(tag)} */`,
        );
      const rows = await tx.execute<{ org: string }>(
        sql`select current_setting('app.organization_id') as org, ${1}::int /* ${sql.raw(tag)} */`,
      );
      const names = await tx.execute<{ name: string }>(
        sql`select name from pg_prepared_statements where statement like ${`%${tag}%`}`,
      );
      return { org: rows.rows[0]!.org, names: names.rows.length };
    });
    expect(seen.org).toBe("org-stmt-cache-a");
    expect(seen.names).toBeGreaterThanOrEqual(1);
    const other = await withOrg("org-stmt-cache-b", (tx) =>
      tx.execute<{ org: string }>(
        sql`select current_setting('app.organization_id') as org, ${1}::int /* ${sql.raw(tag)} */`,
      ),
    );
    expect(other.rows[0]!.org).toBe("org-stmt-cache-b");
    expect(getPool().totalCount).toBeGreaterThan(0);
  });
});

describe("prepared drizzle queries", () => {
  it("build once per transaction object and run with new values each time", async () => {
    let builds = 0;
    const build = (ex: Parameters<typeof rawPrepared>[0], name: string) => {
      builds++;
      return rawPrepared(
        ex,
        sql`select ${sql.placeholder("a")}::int * 2 as v, current_setting('app.organization_id') as org`,
        name,
      );
    };
    const results: { v: number; org: string }[] = [];
    for (const [i, org] of ["org-prep-a", "org-prep-b", "org-prep-a"].entries()) {
      const res = (await withOrg(org, (tx) => prepared(tx, "test_prepared_double", build).execute({ a: i + 1 }))) as {
        rows: { v: number; org: string }[];
      };
      results.push(res.rows[0]!);
    }
    expect(results).toEqual([
      { v: 2, org: "org-prep-a" },
      { v: 4, org: "org-prep-b" },
      { v: 6, org: "org-prep-a" },
    ]);
    // One build per pooled connection used, never one per call.
    expect(builds).toBeLessThanOrEqual(getPool().totalCount);
  });
});
