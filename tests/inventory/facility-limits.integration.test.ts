import { readFileSync } from "node:fs";

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db } from "@/server/db/client";
import { auditLog, facility, unitType } from "@/server/db/schema";
import { runImport } from "@/server/domain/import/run-import";

import { callerFor, seedMember, seedOrganization, unique } from "../factories";
import { startStripeHarness, type StripeHarness } from "../fakes/stripe-harness";
import { ACTOR } from "./helpers";

// With Stripe configured (the fake), a new organization is on the Starter trial: one active facility.
let h: StripeHarness;
beforeAll(async () => {
  h = await startStripeHarness();
});
afterAll(async () => {
  await h?.close();
});

const sample = JSON.parse(readFileSync("docs/examples/facility-import.json", "utf8")) as {
  facilities: { slug: string; name: string; active?: boolean }[];
};
const facilitiesOf = (orgId: string) => db.select().from(facility).where(eq(facility.organizationId, orgId));

describe("the plan's facility limit", () => {
  it("refuses a facility past the limit from the dashboard with the plan and upgrade path, and adds nothing", async () => {
    const org = await seedOrganization();
    const manager = await callerFor(await seedMember(org, "manager"));
    await manager.facilities.create({ name: "Main Street", slug: unique("main") });
    const err = await manager.facilities
      .create({ name: "Second Street", slug: unique("second") })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "FORBIDDEN" });
    expect((err as Error).message).toMatch(/Starter plan includes 1 facility and you have 1\. Upgrade to Growth/);
    expect((err as Error).message).toContain("Settings > Billing");
    expect((await facilitiesOf(org.id)).map((f) => f.name)).toEqual(["Main Street"]);
    const audits = await db.select().from(auditLog).where(eq(auditLog.organizationId, org.id));
    expect(audits.filter((a) => a.action === "facility.created")).toHaveLength(1);
  });

  it("lets an inactive facility be added but not re-activated past the limit", async () => {
    const org = await seedOrganization();
    const owner = await callerFor(org.owner);
    await owner.facilities.create({ name: "Open", slug: unique("open") });
    const closed = await owner.facilities.create({ name: "Closed", slug: unique("closed"), active: false });
    await expect(owner.facilities.update({ facilityId: closed.id, patch: { active: true } })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    // Renaming it is not adding it: allowed, and the patch leaves everything else as it was.
    const renamed = await owner.facilities.update({ facilityId: closed.id, patch: { name: "Closed for now" } });
    expect(renamed).toMatchObject({ name: "Closed for now", active: false });
    expect((await facilitiesOf(org.id)).filter((f) => f.active)).toHaveLength(1);
  });

  it("refuses an import that would add more facilities than the plan allows, preview included, and changes nothing", async () => {
    const org = await seedOrganization();
    const two = {
      ...sample,
      facilities: [sample.facilities[0]!, { ...sample.facilities[0]!, slug: "second-site", name: "Second Site" }],
    };
    // Promotions etc. refer to the first facility only, so the second needs nothing else.
    const text = JSON.stringify(two);
    for (const dryRun of [true, false]) {
      const err = await runImport(org.id, ACTOR, { format: "json", text, dryRun }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "FORBIDDEN" });
      expect((err as Error).message).toMatch(/Starter plan includes 1 facility and you have 0\. Upgrade to Growth/);
    }
    expect(await facilitiesOf(org.id)).toEqual([]);
    expect(await db.select().from(unitType).where(eq(unitType.organizationId, org.id))).toEqual([]);

    // One facility fits; importing it again adds nothing and is allowed at the limit.
    const one = JSON.stringify(sample);
    expect((await runImport(org.id, ACTOR, { format: "json", text: one })).facilities.created).toBe(1);
    expect((await runImport(org.id, ACTOR, { format: "json", text: one })).facilities).toMatchObject({
      created: 0,
      updated: 0,
    });
    // An inactive facility in the file does not count.
    const inactive = JSON.stringify({
      ...sample,
      facilities: [sample.facilities[0]!, { ...sample.facilities[0]!, slug: "spare", name: "Spare", active: false }],
    });
    expect((await runImport(org.id, ACTOR, { format: "json", text: inactive })).facilities).toMatchObject({
      created: 1,
    });
    expect((await facilitiesOf(org.id)).filter((f) => f.active)).toHaveLength(1);
  });
});

describe("facility and unit type patches", () => {
  it("change only the fields they name", async () => {
    const org = await seedOrganization();
    const owner = await callerFor(org.owner);
    const f = await owner.facilities.create({
      name: "Hours Storage",
      slug: unique("hours"),
      timeZone: "America/Denver",
      city: "Boulder",
      amenities: ["Gated"],
      officeHours: { mon: [{ open: "09:00", close: "17:00" }] },
      adminFeeCents: 2500,
      holdPeriodDays: 3,
    });
    const after = await owner.facilities.update({ facilityId: f.id, patch: { phone: "(303) 555-0142" } });
    expect(after).toMatchObject({
      timeZone: "America/Denver",
      city: "Boulder",
      amenities: ["Gated"],
      officeHours: { mon: [{ open: "09:00", close: "17:00" }] },
      adminFeeCents: 2500,
      holdPeriodDays: 3,
      phone: "+13035550142",
    });

    const t = await owner.inventory.createUnitType({
      facilityId: f.id,
      name: "10x10",
      widthFt: 10,
      lengthFt: 10,
      features: ["power", "indoor"],
      streetRateCents: 12_000,
      webRateCents: 11_000,
      active: false,
    });
    const renamed = await owner.inventory.updateUnitType({ unitTypeId: t.id, patch: { webRateCents: 10_500 } });
    expect(renamed).toMatchObject({
      name: "10x10",
      features: ["indoor", "power"],
      active: false,
      webRateCents: 10_500,
      streetRateCents: 12_000,
    });
  });
});
