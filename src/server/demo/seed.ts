import { eq } from "drizzle-orm";

import { env } from "@/env";
import { auth } from "@/server/auth";
import { db } from "@/server/db/client";
import { organization, user } from "@/server/db/schema";
import { log } from "@/server/log";

export const DEMO = {
  email: "demo@storage-agent.local",
  password: "demo-storage-agent",
  name: "Dana Demo",
  organizationName: "Sunny Self Storage",
  organizationSlug: "sunny-self-storage",
};

/** Creates the demo operator and organization once; later starts find them and only print the login. */
export async function seedDemo() {
  let [demoUser] = await db.select().from(user).where(eq(user.email, DEMO.email));
  if (!demoUser) {
    await auth.api.signUpEmail({ body: { email: DEMO.email, password: DEMO.password, name: DEMO.name } });
    await db.update(user).set({ emailVerified: true }).where(eq(user.email, DEMO.email));
    [demoUser] = await db.select().from(user).where(eq(user.email, DEMO.email));
  }
  if (!demoUser) throw new Error("demo user could not be created");
  const [org] = await db.select().from(organization).where(eq(organization.slug, DEMO.organizationSlug));
  if (!org) {
    await auth.api.createOrganization({ body: { name: DEMO.organizationName, slug: DEMO.organizationSlug, userId: demoUser.id } });
  }
  log.info({ url: env.PUBLIC_URL, demoLogin: `${DEMO.email} / ${DEMO.password}` }, "demo organization ready: sign in with this login");
}
