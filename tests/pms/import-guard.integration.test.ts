import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { withOrg } from "@/server/db/client";
import { exportData, exportUnitsCsv } from "@/server/domain/import/export-data";
import { importData } from "@/server/domain/import/import-data";
import { connectPms, disconnectPms } from "@/server/pms/connections";
import { syncConnection } from "@/server/pms/sync";

import { seedOrganization, type TestOrg } from "../factories";
import { startFakeStoredge, type FakeStoredge } from "../fakes/storedge-server";
import { ACTOR } from "../inventory/helpers";

import { disconnectPmsOf } from "./cleanup";

/** A file import never overwrites a PMS-managed facility: refused whole, with where to change it. */
const KEY = "import-key";
const SECRET = "import-secret";
let fake: FakeStoredge;
let org: TestOrg;
let connectionId: string;

beforeAll(async () => {
  fake = await startFakeStoredge({ consumerKey: KEY, consumerSecret: SECRET });
  process.env.STOREDGE_API_BASE = fake.url;
  const external = fake.addFacility({ name: "Imported Elsewhere Storage" }, 1);
  org = await seedOrganization();
  const view = await withOrg(org.id, (tx) =>
    connectPms(tx, org.id, ACTOR, {
      credentials: { provider: "storedge", consumerKey: KEY, consumerSecret: SECRET, facilityIds: [external] },
    }),
  );
  connectionId = view.id;
  expect(await syncConnection(connectionId, { kind: "full" })).toMatchObject({ status: "succeeded" });
});
afterAll(async () => {
  await disconnectPmsOf([org?.id]);
  delete process.env.STOREDGE_API_BASE;
  await fake.close();
});

describe("file import and PMS-managed rows", () => {
  it("refuses a JSON file or a units CSV naming a managed facility, and changes nothing", async () => {
    const file = await withOrg(org.id, (tx) => exportData(tx, org.id));
    expect(file.facilities).toHaveLength(1);
    const json = JSON.stringify({ ...file, facilities: file.facilities.map((f) => ({ ...f, phone: "+15125559999" })) });
    await expect(
      withOrg(org.id, (tx) => importData(tx, org.id, ACTOR, { format: "json", text: json })),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/Imported Elsewhere Storage is managed in storEDGE.*nothing was imported/),
    });
    const csv = await withOrg(org.id, (tx) => exportUnitsCsv(tx, org.id));
    await expect(
      withOrg(org.id, (tx) => importData(tx, org.id, ACTOR, { format: "units_csv", text: csv })),
    ).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/managed in storEDGE/) });
    const after = await withOrg(org.id, (tx) => exportData(tx, org.id));
    expect(after.facilities[0]!.phone).toBe(file.facilities[0]!.phone);
  });

  it("after a disconnect the same file imports", async () => {
    await withOrg(org.id, (tx) => disconnectPms(tx, org.id, ACTOR, connectionId));
    const file = await withOrg(org.id, (tx) => exportData(tx, org.id));
    const summary = await withOrg(org.id, (tx) =>
      importData(tx, org.id, ACTOR, { format: "json", text: JSON.stringify(file) }),
    );
    expect(summary.facilities).toBeDefined();
  });
});
