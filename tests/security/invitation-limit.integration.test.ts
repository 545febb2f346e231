import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { POST as authPost } from "@/app/api/auth/[...all]/route";
import { db, getPool } from "@/server/db/client";
import { invitation } from "@/server/db/schema";

import { callerFor, seedOrganization, unique } from "../factories";
import { startStripeHarness, type StripeHarness } from "../fakes/stripe-harness";

/**
 * Issue 20, item 11: the plan's member limit held only in the team router, so Better Auth's own
 * /organization/invite-member endpoint handed out seats past it. The check now runs in Better
 * Auth's beforeCreateInvitation hook (registered by billing: src/server/billing/seat-guard.ts), on
 * every path that creates an invitation.
 */
const SITE = "http://localhost:3000";

// With Stripe configured (its fake): a sign-up is a trial with the Starter plan's limits.
let stripe: StripeHarness;
beforeAll(async () => {
  stripe = await startStripeHarness();
});
afterAll(async () => {
  await stripe?.close();
});

function inviteDirectly(cookie: string, organizationId: string, email: string) {
  return authPost(
    new Request(`${SITE}/api/auth/organization/invite-member`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: SITE, cookie },
      body: JSON.stringify({ email, role: "staff", organizationId }),
    }),
  );
}

const pending = (organizationId: string) =>
  db
    .select()
    .from(invitation)
    .where(and(eq(invitation.organizationId, organizationId), eq(invitation.status, "pending")));

describe("the plan's member limit on every invitation path", () => {
  it("Better Auth's own invite endpoint refuses the invitation past the limit, as the dashboard does", async () => {
    const org = await seedOrganization(); // a sign-up trial: Starter limits, 5 members
    const cookie = org.owner.headers.get("cookie")!;
    // The owner holds one seat; three invitations through the endpoint and one through the dashboard fill five.
    for (let i = 0; i < 3; i++) {
      const res = await inviteDirectly(cookie, org.id, `${unique("seat")}@example.com`);
      expect(res.status, await res.clone().text()).toBe(200);
    }
    const owner = await callerFor(org.owner);
    await owner.team.invite({ email: `${unique("seat")}@example.com`, role: "staff" });
    expect(await pending(org.id)).toHaveLength(4);
    // An address longer than e-mail allows (254 characters) is refused before anything is stored.
    await expect(owner.team.invite({ email: `${"x".repeat(300)}@example.com`, role: "staff" })).rejects.toThrow(
      /at most 254 characters/,
    );
    expect(await pending(org.id)).toHaveLength(4);

    const refused = await inviteDirectly(cookie, org.id, `${unique("over")}@example.com`);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/5 team members and you have 5/);
    await expect(owner.team.invite({ email: `${unique("over")}@example.com`, role: "staff" })).rejects.toThrow(
      /5 team members and you have 5/,
    );
    expect(await pending(org.id)).toHaveLength(4);

    // Re-inviting an address already invited takes no new seat.
    const again = await inviteDirectly(cookie, org.id, (await pending(org.id))[0]!.email);
    expect(again.status).toBe(200);
    expect(await pending(org.id)).toHaveLength(4);
    // Nor through the dashboard, to send it again or with another role (the plan is full).
    const [open] = await pending(org.id);
    const changed = await owner.team.invite({ email: open!.email, role: "manager" });
    expect(await pending(org.id)).toHaveLength(4);
    expect((await pending(org.id)).find((i) => i.id === changed.id)?.role).toBe("manager");
  });

  it("invitations sent at once never take more seats than are free", async () => {
    const org = await seedOrganization(); // 5 members: the owner and three invitations leave one seat
    const cookie = org.owner.headers.get("cookie")!;
    for (let i = 0; i < 3; i++) {
      const res = await inviteDirectly(cookie, org.id, `${unique("seat")}@example.com`);
      expect(res.status, await res.clone().text()).toBe(200);
    }
    // Inserts into invitation wait behind a held table lock (reads do not), so without the
    // per-organization lock all four checks count 4 of 5 before any invitation is stored, and all pass.
    const blocker = await getPool().connect();
    await blocker.query("begin; lock table invitation in share mode");
    const sent = Array.from({ length: 4 }, () => inviteDirectly(cookie, org.id, `${unique("race")}@example.com`));
    await new Promise((r) => setTimeout(r, 1_500));
    await blocker.query("commit");
    blocker.release();
    const answers = await Promise.all(sent);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 403, 403, 403]);
    expect(await pending(org.id)).toHaveLength(4);
  });
});
