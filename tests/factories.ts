import { randomBytes } from "node:crypto";

import { eq } from "drizzle-orm";

import { auth } from "@/server/auth";
import type { Role } from "@/lib/permissions";
import { db } from "@/server/db/client";
import { member, session } from "@/server/db/schema";

/** Unique names so test files never collide on the shared database. */
export const unique = (prefix = "t") => `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;

export const PASSWORD = "correct-horse-battery";

/**
 * The ISO date `days` after today (UTC). A booking's move-in date is at most a year ahead
 * (MAX_MOVE_IN_DAYS_AHEAD), so tests book relative dates, not a literal year that ages out of the window.
 */
export const daysFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export interface TestUser {
  id: string;
  email: string;
  headers: Headers;
}

/** Signs up a user and signs them in; `headers` carries their session cookie. */
export async function seedUser(name = "Test User"): Promise<TestUser> {
  const email = `${unique("user")}@example.test`;
  await auth.api.signUpEmail({ body: { email, password: PASSWORD, name } });
  return signIn(email);
}

export async function signIn(email: string, password = PASSWORD): Promise<TestUser> {
  const res = await auth.api.signInEmail({ body: { email, password }, returnHeaders: true });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const headers = new Headers({ cookie });
  const s = await auth.api.getSession({ headers });
  if (!s) throw new Error("sign-in did not create a session");
  return { id: s.user.id, email, headers };
}

export interface TestOrg {
  id: string;
  slug: string;
  owner: TestUser;
}

/** An organization with its owner signed in and the organization active in the owner's session. */
export async function seedOrganization(): Promise<TestOrg> {
  const owner = await seedUser("Owner");
  const slug = unique("org");
  const org = await auth.api.createOrganization({ headers: owner.headers, body: { name: `Org ${slug}`, slug } });
  if (!org) throw new Error("organization not created");
  await auth.api.setActiveOrganization({ headers: owner.headers, body: { organizationId: org.id } });
  return { id: org.id, slug, owner };
}

/** Adds a member with `role` straight away (no invitation round trip) and activates the org for them. */
export async function seedMember(org: TestOrg, role: Role): Promise<TestUser & { memberId: string }> {
  const u = await seedUser(`${role} user`);
  const [row] = await db
    .insert(member)
    .values({ id: unique("mem"), organizationId: org.id, userId: u.id, role })
    .returning();
  await db.update(session).set({ activeOrganizationId: org.id }).where(eq(session.userId, u.id));
  return { ...u, memberId: row!.id };
}

/**
 * A tRPC caller acting as `user` with their real session, exactly as an HTTP request would. The
 * router is imported here, not at the top: it pulls in every procedure (the agent, analytics,
 * payments...), seconds of import for the half of the test files that only seed rows.
 */
export async function callerFor(user: { headers: Headers }) {
  const [{ createCaller }, { createContext }] = await Promise.all([
    import("@/server/api/root"),
    import("@/server/api/trpc"),
  ]);
  return createCaller(await createContext({ headers: user.headers }));
}
