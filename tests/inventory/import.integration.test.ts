import { readFileSync } from "node:fs";

import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { db, withOrg } from "@/server/db/client";
import { facility, unit } from "@/server/db/schema";
import { exportData, exportUnitsCsv } from "@/server/domain/import/export-data";
import { ImportValidationError } from "@/server/domain/import/import-data";
import { runImport } from "@/server/domain/import/run-import";
import { quoteUnitType } from "@/server/domain/quotes/quote-unit-type";

import { seedOrganization } from "../factories";
import { ACTOR } from "./helpers";

const sample = readFileSync("docs/examples/facility-import.json", "utf8");

describe("import and export", () => {
  it("carries a facility's move-ins without staff through import and export", async () => {
    const org = await seedOrganization();
    const doc = JSON.parse(sample) as { facilities: Record<string, unknown>[] };
    doc.facilities[0]!.moveInWithoutStaff = true;
    await runImport(org.id, ACTOR, { format: "json", text: JSON.stringify(doc) });
    const [f] = await db.select().from(facility).where(eq(facility.organizationId, org.id));
    expect(f!.moveInWithoutStaff).toBe(true);
    const exported = await withOrg(org.id, (tx) => exportData(tx, org.id));
    expect(exported.facilities[0]!.moveInWithoutStaff).toBe(true);
    // Left out of a file, it is off.
    const other = await seedOrganization();
    await runImport(other.id, ACTOR, { format: "json", text: sample });
    const [g] = await db.select().from(facility).where(eq(facility.organizationId, other.id));
    expect(g!.moveInWithoutStaff).toBe(false);
  });

  it("imports the documented sample, and a second import changes nothing", async () => {
    const org = await seedOrganization();
    const first = await runImport(org.id, ACTOR, { format: "json", text: sample });
    expect(first.facilities.created).toBe(1);
    expect(first.unitTypes.created).toBe(3);
    expect(first.units.created).toBe(10 + 3 + 4);
    expect(first.promotions.created).toBe(2);
    const [f] = await db.select().from(facility).where(eq(facility.organizationId, org.id));
    const before = await db.select().from(unit).where(eq(unit.facilityId, f!.id));

    const second = await runImport(org.id, ACTOR, { format: "json", text: sample });
    for (const key of [
      "facilities",
      "closures",
      "knowledgeBase",
      "unitTypes",
      "units",
      "promotions",
      "fees",
      "protectionPlans",
    ] as const) {
      expect(second[key].created + second[key].updated, key).toBe(0);
    }
    const [f2] = await db.select().from(facility).where(eq(facility.organizationId, org.id));
    expect(f2!.updatedAt).toEqual(f!.updatedAt);
    expect(await db.select().from(unit).where(eq(unit.facilityId, f!.id))).toEqual(before);

    // The exported file re-imports without changes, in both formats.
    const exported = await withOrg(org.id, (tx) => exportData(tx, org.id));
    const third = await runImport(org.id, ACTOR, { format: "json", text: JSON.stringify(exported) });
    expect(third.facilities.updated + third.units.updated + third.units.created + third.promotions.updated).toBe(0);
    const csv = await withOrg(org.id, (tx) => exportUnitsCsv(tx, org.id));
    expect(csv.split("\n")[0]).toBe("facility,unit_type,number,floor,status");
    expect((await runImport(org.id, ACTOR, { format: "units_csv", text: csv })).units).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 17,
    });

    // And the imported rates price as documented: $1 first month online on the 10x10.
    expect(exported.facilities[0]!.unitTypes.map((t) => [t.name, t.count])).toEqual([
      ["10x10 Climate", 3],
      ["10x20 Drive-up", 4],
      ["5x5 Climate", 10],
    ]);
    const ut = await db.query.unitType.findFirst({
      where: (t, { and, eq: e }) => and(e(t.organizationId, org.id), e(t.name, "10x10 Climate")),
    });
    // In 2026 half off two months saves more ($139.00) than $1 first month ($138.00); after it ends, $1 applies.
    const in2026 = await withOrg(org.id, (tx) =>
      quoteUnitType(tx, org.id, { unitTypeId: ut!.id, channel: "web", moveInDate: "2026-03-01" }),
    );
    expect(in2026.promotion?.name).toBe("Half off two months");
    const in2027 = await withOrg(org.id, (tx) =>
      quoteUnitType(tx, org.id, { unitTypeId: ut!.id, channel: "web", moveInDate: "2027-03-01" }),
    );
    expect(in2027.promotion?.name).toBe("$1 first month online");
    expect(
      in2027.lines.find((l) => l.code === "rent")!.amountCents +
        in2027.lines.find((l) => l.code === "promotion")!.amountCents,
    ).toBe(100);
  });

  it("rejects a bad file naming line and field, and changes nothing", async () => {
    const org = await seedOrganization();
    const bad = sample
      .replace('"webRateCents": 13900', '"webRateCents": -5')
      .replace('"unitTypes": ["lakeside/10x10 Climate"]', '"unitTypes": ["lakeside/12x12"]');
    const err = await runImport(org.id, ACTOR, { format: "json", text: bad }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportValidationError);
    const issues = (err as ImportValidationError).issues;
    const lines = bad.split("\n");
    const rate = issues.find((i) => i.field === "facilities.0.unitTypes.1.webRateCents")!;
    expect(lines[rate.line! - 1]).toContain('"webRateCents": -5');
    const ref = issues.find((i) => i.field === "promotions.0.unitTypes.0")!;
    expect(ref.message).toContain("lakeside/12x12");
    expect(lines[ref.line! - 1]).toContain("lakeside/12x12");
    expect(await db.select().from(facility).where(eq(facility.organizationId, org.id))).toEqual([]);

    const csvErr = (await runImport(org.id, ACTOR, {
      format: "units_csv",
      text: "facility,unit_type,number,floor,status\nnowhere,5x5,A1,1,available\nlakeside,5x5,A2,x,open\n",
    }).catch((e: unknown) => e)) as ImportValidationError;
    expect(csvErr.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 3, field: "floor" }),
        expect.objectContaining({ line: 3, field: "status" }),
      ]),
    );
  });

  it("rolls everything back when a later part fails", async () => {
    const org = await seedOrganization();
    await runImport(org.id, ACTOR, { format: "json", text: sample });
    const csv = "facility,unit_type,number\nlakeside,5x5 Climate,Z1\nlakeside,No Such Type,Z2\n";
    const err = (await runImport(org.id, ACTOR, { format: "units_csv", text: csv }).catch(
      (e: unknown) => e,
    )) as ImportValidationError;
    expect(err.issues).toEqual([expect.objectContaining({ line: 3, field: "unit_type" })]);
    const numbers = (await db.select().from(unit).where(eq(unit.organizationId, org.id))).map((u) => u.number);
    expect(numbers).not.toContain("Z1");
    expect(
      await runImport(org.id, ACTOR, {
        format: "units_csv",
        text: csv.split("\n").slice(0, 2).join("\n"),
        dryRun: true,
      }),
    ).toMatchObject({ units: { created: 1 } });
    expect((await db.select().from(unit).where(eq(unit.organizationId, org.id))).map((u) => u.number)).not.toContain(
      "Z1",
    );
  });
});
