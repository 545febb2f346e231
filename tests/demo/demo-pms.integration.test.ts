import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";

import { db } from "@/server/db/client";
import { facility, pmsConnection, unit } from "@/server/db/schema";
import { DEMO_PMS_FACILITY, startDemoPms } from "@/server/demo/pms";

import { seedOrganization } from "../factories";
import { disconnectPmsOf } from "../pms/cleanup";

/**
 * DEMO_PMS (docs/integrations.md, "Try it locally"): `npm run dev` with DEMO_PMS=storedge|stora
 * starts the fake PMS in the server process and connects the demo organization to it, so a
 * newcomer sees a synced facility. A restart (a fresh fake with the same ids) reuses the connection
 * and syncs the same facility again, never a second copy.
 */
const orgIds: string[] = [];
afterAll(async () => {
  await disconnectPmsOf(orgIds);
  delete process.env.STOREDGE_API_BASE;
  delete process.env.STORA_API_BASE;
});

describe.each(["storedge", "stora"] as const)("DEMO_PMS=%s", (provider) => {
  it("connects the organization to a local fake and syncs its facility, the same one after a restart", async () => {
    const org = await seedOrganization();
    orgIds.push(org.id);
    const first = await startDemoPms(provider, { organizationId: org.id });
    try {
      expect(first.sync.status).toBe("succeeded");
    } finally {
      await first.close();
    }
    const again = await startDemoPms(provider, { organizationId: org.id });
    try {
      expect(again.connectionId).toBe(first.connectionId);
      expect(again.sync.status).toBe("succeeded");
    } finally {
      await again.close();
    }
    const facilities = await db
      .select()
      .from(facility)
      .where(and(eq(facility.organizationId, org.id), eq(facility.name, DEMO_PMS_FACILITY[provider].name)));
    expect(facilities).toHaveLength(1);
    const units = await db.select().from(unit).where(eq(unit.facilityId, facilities[0]!.id));
    // storEDGE: 6 sizes × 4, Stora: 4 types × 4; one let to the demo tenant.
    expect(units).toHaveLength(provider === "storedge" ? 24 : 16);
    expect(units.filter((u) => u.status === "occupied")).toHaveLength(1);
    const conns = await db.select().from(pmsConnection).where(eq(pmsConnection.organizationId, org.id));
    expect(conns.map((c) => [c.provider, c.status])).toEqual([[provider, "active"]]);
  });
});
