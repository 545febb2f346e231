import { eq } from "drizzle-orm";

import { createCaller } from "@/server/api/root";
import { createContext } from "@/server/api/trpc";
import { auth } from "@/server/auth";
import { migrateDatabase } from "@/server/db/migrate";
import { withOrg, db } from "@/server/db/client";
import { organization } from "@/server/db/schema";
import { createFacility } from "@/server/domain/facilities/create-facility";
import { bulkCreateUnits } from "@/server/domain/inventory/units";
import { createUnitType } from "@/server/domain/inventory/unit-types";
import { DEMO, seedDemo } from "@/server/demo/seed";

/**
 * The benchmark's operator, on the scratch primary: the demo organization (its phone number takes
 * the texts and calls), a facility with 5,000 units of one type for the API bookings, an API key
 * that may write, and the demo user's session cookie for the dashboard reads.
 */
export async function seedBenchOrganization() {
  await migrateDatabase();
  await seedDemo();
  const [org] = await db.select().from(organization).where(eq(organization.slug, DEMO.organizationSlug));
  const actor = { label: "bench:cluster" };
  const { unitTypeId } = await withOrg(org!.id, async (tx) => {
    const f = await createFacility(tx, org!.id, actor, {
      name: "Bench Storage",
      slug: "bench-storage",
      timeZone: "America/Chicago",
      holdPeriodDays: 7,
    });
    const ut = await createUnitType(tx, org!.id, actor, {
      facilityId: f.id,
      name: "10x10 bench",
      widthFt: 10,
      lengthFt: 10,
      features: [],
      streetRateCents: 12_000,
      webRateCents: 10_000,
    });
    for (const range of ["B0001-B2000", "C0001-C2000", "D0001-D1000"])
      await bulkCreateUnits(tx, org!.id, actor, { unitTypeId: ut.id, range });
    return { unitTypeId: ut.id };
  });
  const signIn = await auth.api.signInEmail({
    body: { email: DEMO.email, password: DEMO.password },
    returnHeaders: true,
  });
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const caller = createCaller(await createContext({ headers: new Headers({ cookie }) }));
  const key = await caller.apiKeys.create({ name: "bench:cluster", scopes: ["read", "write"] });
  const moveInDate = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
  return { number: DEMO.phoneNumber, apiKey: key.key, unitTypeId, cookie, moveInDate };
}
