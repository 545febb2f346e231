import { describe, expect, it } from "vitest";

import { POST as stripeWebhook } from "@/app/api/stripe/webhook/route";
import { assertCanAdd, canBook } from "@/server/billing/entitlements";
import { reportUsageToStripe, recordUsage } from "@/server/billing/usage";
import { db, withOrg } from "@/server/db/client";

import { callerFor, seedMember, seedOrganization, unique } from "../../../tests/factories";

// No STRIPE_* variables in this file's process: billing is "not configured".
for (const k of Object.keys(process.env)) if (k.startsWith("STRIPE_")) delete process.env[k];

describe("billing without Stripe configured", () => {
  it("gives every organization the unlimited plan and says billing is not configured", async () => {
    const org = await seedOrganization();
    const owner = await callerFor(org.owner);
    const status = await owner.billing.status();
    expect(status).toMatchObject({ configured: false, canBook: true, canGrow: true, notice: null, plans: [] });
    expect(status.plan.id).toBe("unlimited");
    expect(status.usage.resources.members).toEqual({ used: 1, limit: null });

    for (let i = 0; i < 6; i++) await seedMember(org, "staff");
    await withOrg(org.id, (tx) => assertCanAdd(tx, org.id, "members", 100));
    expect(await canBook(org.id)).toBe(true);

    await expect(owner.billing.checkout({ plan: "starter", interval: "month" })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      message: expect.stringMatching(/not configured/),
    });
    await expect(owner.billing.portal()).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });

    await recordUsage(db, { organizationId: org.id, kind: "messages", quantity: 2, sourceId: unique("msg") });
    expect(await reportUsageToStripe()).toEqual({ reported: 0, failed: 0 });
    expect((await owner.billing.usage()).messages).toEqual({ used: 2, included: null });
  });

  it("the webhook route answers 503 and does nothing", async () => {
    const res = await stripeWebhook(
      new Request("http://localhost/api/stripe/webhook", {
        method: "POST",
        body: "{}",
        headers: { "stripe-signature": "t=1,v1=abc" },
      }),
    );
    expect(res.status).toBe(503);
  });
});
