import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { callerFor, seedMember, seedOrganization } from "../factories";
import { startStripeHarness, type StripeHarness } from "../fakes/stripe-harness";

import { connectedOrg, seedReservation } from "./helpers";

let h: StripeHarness;
beforeAll(async () => {
  h = await startStripeHarness();
});
afterAll(async () => {
  await h?.close();
});

describe("Settings > Payments: the organization's own Stripe account", () => {
  it("connects a Standard account through an Account Link, shows what is due, then charges enabled after onboarding", async () => {
    const org = await seedOrganization();
    const owner = await callerFor(org.owner);
    const before = await owner.payments.status();
    expect(before).toMatchObject({ configured: true, missing: [], account: null, ready: false, paymentFeeBps: 50 });

    const { url, stripeAccountId } = await owner.payments.connect();
    expect(url).toMatch(new RegExp(`^${h.fake.url}/connect/onboard/acctlink_`));
    const acct = h.fake.connect.accounts.get(stripeAccountId)!;
    expect(acct).toMatchObject({ type: "standard", metadata: { organization_id: org.id } });
    const link = [...h.fake.connect.accountLinks.values()].find((l) => l.account === stripeAccountId)!;
    expect(String(link.return_url)).toContain(`/${org.slug}/settings/payments?connect=return`);

    const pending = await owner.payments.status();
    expect(pending).toMatchObject({ ready: false, account: { detailsSubmitted: false, chargesEnabled: false } });
    expect(pending.account!.requirementsDue).toContain("external_account");

    // Connecting again resumes onboarding of the same account.
    expect((await owner.payments.connect()).stripeAccountId).toBe(stripeAccountId);
    expect(h.fake.connect.accounts.size).toBeGreaterThanOrEqual(1);

    // The hosted onboarding's submit sends account.updated (a signed Connect event) and returns.
    const res = await fetch(`${url}/submit`, { method: "POST", redirect: "manual" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain("connect=return");
    const after = await owner.payments.status();
    expect(after).toMatchObject({
      ready: true,
      account: { detailsSubmitted: true, chargesEnabled: true, payoutsEnabled: true, requirementsDue: [] },
    });

    // Stripe disables charges later (a requirement past due): refresh reads it back.
    h.fake.connect.updateAccount(stripeAccountId, {
      charges_enabled: false,
      requirements: { currently_due: ["individual.id_number"], disabled_reason: "requirements.past_due" },
    });
    const refreshed = await owner.payments.refresh();
    expect(refreshed).toMatchObject({
      ready: false,
      account: {
        chargesEnabled: false,
        requirementsDue: ["individual.id_number"],
        disabledReason: "requirements.past_due",
      },
    });

    await owner.payments.disconnect();
    expect(await owner.payments.status()).toMatchObject({ account: null, ready: false });
    await expect(owner.payments.disconnect()).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("only owners and admins connect or disconnect; staff see the state and send links", async () => {
    const { org } = await connectedOrg(h);
    const staff = await callerFor(await seedMember(org, "staff"));
    await expect(staff.payments.connect()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(staff.payments.disconnect()).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await staff.payments.status()).ready).toBe(true);
    const { reservation } = await seedReservation(org.id);
    const sent = await staff.payments.sendLink({ purpose: "move_in", reservationId: reservation.id });
    expect(sent.sent?.channel).toBe("sms");
  });

  it("without Stripe the page says what is missing and links are refused, nothing written", async () => {
    const saved = { key: process.env.STRIPE_SECRET_KEY, connect: process.env.STRIPE_CONNECT_WEBHOOK_SECRET };
    const org = await seedOrganization();
    const owner = await callerFor(org.owner);
    const { reservation } = await seedReservation(org.id);
    try {
      delete process.env.STRIPE_CONNECT_WEBHOOK_SECRET;
      expect(await owner.payments.status()).toMatchObject({
        configured: false,
        missing: ["STRIPE_CONNECT_WEBHOOK_SECRET"],
      });
      delete process.env.STRIPE_SECRET_KEY;
      expect(await owner.payments.status()).toMatchObject({
        configured: false,
        missing: ["STRIPE_SECRET_KEY", "STRIPE_CONNECT_WEBHOOK_SECRET"],
        ready: false,
      });
      await expect(owner.payments.connect()).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
      await expect(
        owner.payments.sendLink({ purpose: "move_in", reservationId: reservation.id }),
      ).rejects.toMatchObject({
        code: "PRECONDITION_FAILED",
      });
      expect((await owner.payments.customer({ customerId: reservation.customerId })).links).toEqual([]);
    } finally {
      process.env.STRIPE_SECRET_KEY = saved.key;
      process.env.STRIPE_CONNECT_WEBHOOK_SECRET = saved.connect;
    }
  });
});
