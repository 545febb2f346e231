import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { respond, startConversation } from "@/server/agent/engine";

import { callerFor, seedOrganization, type TestOrg } from "../factories";
import { startStripeHarness, type StripeHarness } from "../fakes/stripe-harness";
import { randomUsNumber } from "../twilio-webhooks";
import { OPEN_NOW, seedAgentFacility } from "./seed";

/**
 * The agent checks the subscription before every booking from a cache keyed by the organization
 * config version (canBookInTurn): a cancellation arriving by Stripe webhook must stop the very next
 * booking, in any process, because billing_subscription changes bump the version.
 */
let h: StripeHarness;
beforeAll(async () => {
  h = await startStripeHarness();
});
afterAll(async () => {
  await h.close();
});

async function subscribe(org: TestOrg) {
  const { url } = await (await callerFor(org.owner)).billing.checkout({ plan: "starter", interval: "month" });
  const { subscription } = await h.fake.completeCheckout(url.split("/checkout/")[1]!);
  return subscription.id as string;
}

describe("agent booking and the subscription", () => {
  it("books while subscribed and refuses the next booking once the subscription is canceled", async () => {
    const org = await seedOrganization();
    const { facility: f } = await seedAgentFacility(org.id, { units: 6 });
    const subId = await subscribe(org);
    const conversation = async () => {
      const start = await startConversation({
        organizationId: org.id,
        channel: "voice",
        facilityId: f.id,
        fromAddress: randomUsNumber(737),
        now: OPEN_NOW,
      });
      return (text: string) =>
        respond({
          organizationId: org.id,
          conversationId: start.conversationId,
          text,
          now: OPEN_NOW,
          brain: "default",
        });
    };
    const upToReadBack = async (say: Awaited<ReturnType<typeof conversation>>, name: string) => {
      for (const text of ["i'd like to reserve a ten by ten", "next friday", name, "yes", "no"]) await say(text);
    };

    const first = await conversation();
    await upToReadBack(first, "ada quinn");
    expect((await first("yes")).actions.find((x) => x.name === "create_reservation")).toMatchObject({ ok: true }); // subscription now cached
    const second = await conversation();
    await upToReadBack(second, "bea stone");

    h.fake.updateSubscription(subId, { status: "canceled", canceled_at: Math.floor(Date.now() / 1000) });
    expect((await h.fake.sendEvent("customer.subscription.deleted", h.fake.subscriptions.get(subId)!)).status).toBe(
      200,
    );

    // Mid-flow: the read-back is confirmed after the cancellation; the tool refuses.
    const confirmed = await second("yes");
    expect(confirmed.actions.find((x) => x.name === "create_reservation")?.result).toMatchObject({
      ok: false,
      reason: "booking_disabled",
    });
    // A new caller is offered a call-back instead of the reservation flow.
    const third = await conversation();
    const asked = await third("i'd like to reserve a ten by ten");
    expect(asked.reply).toContain("not able to make reservations");
  });
});
