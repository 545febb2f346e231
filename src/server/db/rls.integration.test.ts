import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { db, getPool } from "./client";
import { applyRowLevelSecurity } from "./rls";

describe("applyRowLevelSecurity", () => {
  it("leaves every organization table with row-level security and its policy", async () => {
    const { rows } = await db.execute<{ relname: string; relrowsecurity: boolean; policy: boolean }>(sql`
      select c.relname, c.relrowsecurity,
        exists (select 1 from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname and p.policyname = 'tenant_isolation') as policy
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r'
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'organization_id' and not a.attisdropped)`);
    expect(rows.length).toBeGreaterThan(30);
    expect(rows.filter((r) => !r.relrowsecurity || !r.policy)).toEqual([]);
  });

  it("on a database already set up it takes no table lock, so a live transaction cannot block or deadlock a start", async () => {
    const other = await getPool().connect();
    try {
      // Another process's transaction, in the middle of its work on a tenant table.
      await other.query("BEGIN");
      await other.query("LOCK TABLE lead IN ROW EXCLUSIVE MODE");
      // ALTER TABLE … ENABLE ROW LEVEL SECURITY would wait for it (ACCESS EXCLUSIVE): 2 s and it fails.
      await db.transaction(async (tx) => {
        await tx.execute(sql`set local lock_timeout = '2s'`);
        await applyRowLevelSecurity(tx as unknown as typeof db);
      });
    } finally {
      await other.query("ROLLBACK").catch(() => {});
      other.release();
    }
  });
});
