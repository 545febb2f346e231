import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db, withOrg } from "@/server/db/client";
import { auditLog, paymentPreferences } from "@/server/db/schema";
import { phonePaySetup } from "@/server/payments/phone/setup";

import { callerFor, seedMember, seedOrganization } from "../factories";
import { startStripeHarness, type StripeHarness } from "../fakes/stripe-harness";

import { connectedOrg } from "./helpers";

let h: StripeHarness;
beforeAll(async () => {
  h = await startStripeHarness();
});
afterAll(async () => {
  await h?.close();
});

describe("Settings > Payments > Payments by phone", () => {
  it("owners turn it on with their Pay Connector's name; the agent's setup then uses it; audited", async () => {
    const { org, account } = await connectedOrg(h);
    const owner = await callerFor(org.owner);
    expect(await owner.payments.phonePaySettings()).toEqual({
      enabled: false,
      connector: "Stripe_Connector",
      active: false,
    });
    expect(await withOrg(org.id, (tx) => phonePaySetup(tx, org.id))).toBeNull();

    const saved = await owner.payments.updatePhonePaySettings({ enabled: true, connector: " Acme_Stripe " });
    expect(saved).toEqual({ enabled: true, connector: "Acme_Stripe", active: true });
    expect(await withOrg(org.id, (tx) => phonePaySetup(tx, org.id))).toEqual({
      connector: "Acme_Stripe",
      stripeAccountId: account,
    });
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, org.id), eq(auditLog.action, "payments.phone_pay_updated")));
    expect(audit.map((a) => a.data)).toEqual([{ enabled: true, connector: "Acme_Stripe" }]);

    // Off again: the agent offers a link instead; the name is kept.
    await owner.payments.updatePhonePaySettings({ enabled: false, connector: "Acme_Stripe" });
    expect(await withOrg(org.id, (tx) => phonePaySetup(tx, org.id))).toBeNull();
    expect(await owner.payments.phonePaySettings()).toMatchObject({ enabled: false, connector: "Acme_Stripe" });
  });

  it("refuses a bad name and members below admin, changing nothing; without Stripe connected it is on but not active", async () => {
    const org = await seedOrganization();
    const owner = await callerFor(org.owner);
    await expect(owner.payments.updatePhonePaySettings({ enabled: true, connector: "" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(
      owner.payments.updatePhonePaySettings({ enabled: true, connector: "Stripe Connector; rm" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("letters, digits") });
    const staff = await callerFor(await seedMember(org, "staff"));
    await expect(staff.payments.updatePhonePaySettings({ enabled: true, connector: "X" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await db.select().from(paymentPreferences).where(eq(paymentPreferences.organizationId, org.id))).toEqual([]);
    // Staff may read it (the agent's behaviour on calls).
    expect(await staff.payments.phonePaySettings()).toMatchObject({ enabled: false });
    expect(await owner.payments.updatePhonePaySettings({ enabled: true, connector: "Stripe_Connector" })).toEqual({
      enabled: true,
      connector: "Stripe_Connector",
      active: false,
    });
  });
});
