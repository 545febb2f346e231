/**
 * A mutating tool runs in a savepoint (src/server/agent/tools/index.ts, `inSavepoint`): when it fails,
 * its own writes are undone and the writes of the tools before and after it in the same turn stay.
 * The savepoints are not released one by one, so this also proves that a rollback reaches only the
 * innermost one.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { runTool } from "@/server/agent/tools";
import { db, withOrg } from "@/server/db/client";
import { customer, lead } from "@/server/db/schema";

import { seedOrganization } from "../factories";
import { seedAgentFacility, toolContext } from "./seed";

describe("agent tools: one savepoint per mutating tool", () => {
  it("a failing booking undoes its own customer and lead, and keeps the leads captured before and after it", async () => {
    const org = await seedOrganization();
    // No units: create_reservation captures the caller as a lead, then finds nothing free and throws.
    const { facility, unitTypes } = await seedAgentFacility(org.id, { units: 0 });
    const records = await withOrg(org.id, async (tx) => {
      const ctx = toolContext(tx, org.id, facility.id);
      const book = (name: string, phone: string) =>
        runTool(ctx, "create_reservation", { unitTypeId: unitTypes.small.id, moveInDate: "2030-01-20", name, phone });
      await runTool(ctx, "capture_lead", { name: "Ann Kept", phone: "+15125550171" });
      await book("Bob Undone", "+15125550172");
      await runTool(ctx, "capture_lead", { name: "Cy Kept", phone: "+15125550173" });
      await book("Dee Undone", "+15125550174");
      return ctx.calls;
    });
    expect(records.map((r) => [r.name, r.ok])).toEqual([
      ["capture_lead", true],
      ["create_reservation", false],
      ["capture_lead", true],
      ["create_reservation", false],
    ]);
    expect(records[1]!.result).toMatchObject({ reason: "conflict" });
    const customers = await db
      .select({ name: customer.name })
      .from(customer)
      .where(eq(customer.organizationId, org.id))
      .orderBy(customer.name);
    expect(customers.map((c) => c.name)).toEqual(["Ann Kept", "Cy Kept"]);
    expect(await db.$count(lead, eq(lead.organizationId, org.id))).toBe(2);
  });
});
