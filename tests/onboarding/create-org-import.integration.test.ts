import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { db } from "@/server/db/client";
import { member, organization } from "@/server/db/schema";
import { createOrganizationForImport } from "@/server/domain/import/run-import";

import { callerFor, seedUser } from "../factories";

/** `npm run import -- --create-org NAME --owner EMAIL`: never an organization nobody can sign in to. */
describe("createOrganizationForImport", () => {
  it("refuses without an owner, or with an e-mail no account uses, and creates nothing", async () => {
    const name = `Nobody's Storage ${Date.now()}`;
    await expect(createOrganizationForImport(name, undefined)).rejects.toThrow(/--owner EMAIL/);
    await expect(createOrganizationForImport(name, "no-such-person@example.test")).rejects.toThrow(/Sign up/);
    expect(await db.select().from(organization).where(eq(organization.name, name))).toEqual([]);
  });

  it("makes the account the owner, who can then open it", async () => {
    const owner = await seedUser("Cli Owner");
    const org = await createOrganizationForImport("Lakeside Storage", `  ${owner.email.toUpperCase()} `);
    const [m] = await db.select().from(member).where(eq(member.organizationId, org.id));
    expect(m).toMatchObject({ userId: owner.id, role: "owner" });
    const mine = await (await callerFor(owner)).organization.mine();
    expect(mine.organizations.map((o) => o.id)).toContain(org.id);
  });
});
