import { DBOS } from "@dbos-inc/dbos-sdk";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";

import { setUpWorkflowTests } from "../../../tests/jobs-harness";

import { dbosSystemDatabaseUrl } from "./config";

/**
 * DBOS's own pool (its system tables live in our database). It used to set
 * `idle_in_transaction_session_timeout` with a query on every new connection, and the statement that
 * had borrowed the connection was queued behind it: pg warns of that ("Calling client.query() when
 * the client is already executing a query is deprecated") and pg 9 will refuse it. The setting now
 * comes in the connection's start-up options (dbosSystemDatabaseUrl).
 */
const warnings: Error[] = [];
const onWarning = (w: Error) => warnings.push(w);
process.on("warning", onWarning);
afterAll(() => {
  process.off("warning", onWarning);
});
setUpWorkflowTests();

describe("DBOS's system database connections", () => {
  it("open with the idle-in-transaction timeout and never queue a query behind another", async () => {
    // Several at once, so the pool opens more connections than launching did.
    await Promise.all(Array.from({ length: 6 }, () => DBOS.listWorkflows({ limit: 1 })));
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.map((w) => w.message).filter((m) => /already executing a query/.test(m))).toEqual([]);

    const client = new pg.Client({ connectionString: dbosSystemDatabaseUrl() });
    await client.connect();
    try {
      const { rows } = await client.query<{ idle_in_transaction_session_timeout: string }>(
        "show idle_in_transaction_session_timeout",
      );
      expect(rows[0]!.idle_in_transaction_session_timeout).toBe("1min");
    } finally {
      await client.end();
    }
  });

  it("keeps an operator's own start-up options and a timeout they set themselves", () => {
    const saved = process.env.DATABASE_URL;
    try {
      process.env.DATABASE_URL =
        "postgres://u:p%40ss@db.internal:5433/app?sslmode=require&options=-c%20search_path%3Dx";
      const mine = new URL(dbosSystemDatabaseUrl());
      expect(mine.searchParams.get("options")).toBe("-c search_path=x -c idle_in_transaction_session_timeout=60000");
      expect(mine.searchParams.get("sslmode")).toBe("require");
      expect(decodeURIComponent(mine.password)).toBe("p@ss");
      process.env.DATABASE_URL = "postgres://db.internal/app?options=-c%20idle_in_transaction_session_timeout%3D5s";
      expect(new URL(dbosSystemDatabaseUrl()).searchParams.get("options")).toBe(
        "-c idle_in_transaction_session_timeout=5s",
      );
    } finally {
      process.env.DATABASE_URL = saved;
    }
  });
});
