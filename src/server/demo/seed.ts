import { readFileSync } from "node:fs";
import path from "node:path";

import { and, eq } from "drizzle-orm";

import { env } from "@/env";
import { auth } from "@/server/auth";
import { db } from "@/server/db/client";
import { facility, organization, phoneNumber, user } from "@/server/db/schema";
import { runImport } from "@/server/domain/import/run-import";
import { log } from "@/server/log";

import { seedDemoHistory } from "./history";
import { seedDemoReportsAndAlerts } from "./reports-alerts";
import { attachPhoneNumber } from "@/server/telephony/numbers";

export const DEMO = {
  email: "demo@storage-agent.local",
  password: "demo-storage-agent",
  name: "Dana Demo",
  organizationName: "Sunny Self Storage",
  organizationSlug: "sunny-self-storage",
  /** A number from the fictional 555-01xx range: the call simulator and the playground use it. */
  phoneNumber: "+15105550100",
};

const ACTOR = { label: "demo seed" };

/**
 * Creates the demo operator and organization once, with the example facility file imported and a
 * phone number routed to it. Later starts find them (the import is idempotent) and print the login.
 */
export async function seedDemo() {
  let [demoUser] = await db.select().from(user).where(eq(user.email, DEMO.email));
  if (!demoUser) {
    await auth.api.signUpEmail({ body: { email: DEMO.email, password: DEMO.password, name: DEMO.name } });
    await db.update(user).set({ emailVerified: true }).where(eq(user.email, DEMO.email));
    [demoUser] = await db.select().from(user).where(eq(user.email, DEMO.email));
  }
  if (!demoUser) throw new Error("demo user could not be created");
  let [org] = await db.select().from(organization).where(eq(organization.slug, DEMO.organizationSlug));
  if (!org) {
    await auth.api.createOrganization({
      body: { name: DEMO.organizationName, slug: DEMO.organizationSlug, userId: demoUser.id },
    });
    [org] = await db.select().from(organization).where(eq(organization.slug, DEMO.organizationSlug));
  }
  if (!org) throw new Error("demo organization could not be created");

  const file = readFileSync(path.resolve(process.cwd(), "docs/examples/facility-import.json"), "utf8");
  await runImport(org.id, ACTOR, { format: "json", text: file });

  const [existingNumber] = await db
    .select({ id: phoneNumber.id })
    .from(phoneNumber)
    .where(eq(phoneNumber.e164, DEMO.phoneNumber));
  if (!existingNumber) {
    const [firstFacility] = await db
      .select({ id: facility.id })
      .from(facility)
      .where(and(eq(facility.organizationId, org.id)));
    await attachPhoneNumber({
      organizationId: org.id,
      actor: ACTOR,
      phoneNumber: DEMO.phoneNumber,
      facilityId: firstFacility?.id ?? null,
      friendlyName: "Demo line",
    });
  }
  const history = await seedDemoHistory(org.id);
  await seedDemoReportsAndAlerts(org.id, DEMO.email);
  if (history.conversations) log.info(history, "demo history added (analytics)");
  log.info(
    { url: env.PUBLIC_URL, demoLogin: `${DEMO.email} / ${DEMO.password}`, demoNumber: DEMO.phoneNumber },
    "demo organization ready: sign in with this login",
  );
}
