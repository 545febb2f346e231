import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { respond, startConversation } from "@/server/agent/engine";
import { FacilityFacts } from "@/server/agent/store/facility-facts";
import { db, withOrg } from "@/server/db/client";
import { rememberConfigVersion } from "@/server/db/org-config-cache";
import {
  facility,
  fee,
  organization,
  orgConfigVersion,
  unitType,
  webhookDelivery,
  webhookEndpoint,
} from "@/server/db/schema";
import { createReservation } from "@/server/domain/reservations/create-reservation";
import { updateUnitType } from "@/server/domain/inventory/unit-types";

import { callerFor, daysFromToday, seedOrganization } from "../factories";
import { randomUsNumber } from "../twilio-webhooks";
import { OPEN_NOW, seedAgentFacility } from "./seed";

/**
 * Facility facts are shared across turns (src/server/agent/store/facility-facts.ts) while the
 * organization's config version is unchanged. These tests prove the three things that makes safe:
 * the cache is really shared, an edit (by the domain services or by anything else writing the
 * tables, as another app process would) shows in the very next turn, and one organization never
 * sees another's cached rows.
 */
const ACTOR = { label: "test" };
const unitTypesOf = (orgId: string, facilityId: string) =>
  withOrg(orgId, (tx) => new FacilityFacts(tx, orgId).unitTypes(facilityId));

async function call(orgId: string, facilityId: string) {
  const start = await startConversation({
    organizationId: orgId,
    channel: "voice",
    facilityId,
    fromAddress: "+15125550142",
    now: OPEN_NOW,
  });
  return (text: string) =>
    respond({ organizationId: orgId, conversationId: start.conversationId, text, now: OPEN_NOW, brain: "default" });
}

describe("agent facility facts cache", () => {
  it("is shared across transactions until the organization's data changes", async () => {
    const org = await seedOrganization();
    const { facility: f, unitTypes } = await seedAgentFacility(org.id);
    const first = await unitTypesOf(org.id, f.id);
    const again = await unitTypesOf(org.id, f.id);
    expect(again).toBe(first); // the same rows object: no second read

    await withOrg(org.id, (tx) => updateUnitType(tx, org.id, ACTOR, unitTypes.medium.id, { streetRateCents: 13500 }));
    const after = await unitTypesOf(org.id, f.id);
    expect(after).not.toBe(first);
    expect(after.find((u) => u.id === unitTypes.medium.id)?.streetRateCents).toBe(13500);
  });

  it("answers the next turn with an edit made through the domain services", async () => {
    const org = await seedOrganization();
    const { facility: f, unitTypes } = await seedAgentFacility(org.id);
    const turn = await call(org.id, f.id);
    expect((await turn("how much is a ten by ten")).reply).toContain("$120/mo");
    await withOrg(org.id, (tx) => updateUnitType(tx, org.id, ACTOR, unitTypes.medium.id, { streetRateCents: 13500 }));
    expect((await turn("how much is a ten by ten")).reply).toContain("$135/mo");
  });

  it("answers the next turn with an edit written by someone else (no in-process invalidation)", async () => {
    const org = await seedOrganization();
    const { facility: f } = await seedAgentFacility(org.id);
    const turn = await call(org.id, f.id);
    expect((await turn("where are you located")).reply).toContain("120 Oak Street");
    // As another app process or a migration script would: straight to the table, system connection.
    await db.update(facility).set({ addressLine1: "9 Elm Road" }).where(eq(facility.id, f.id));
    const moved = await turn("where are you located");
    expect(moved.reply).toContain("9 Elm Road");
    expect(moved.reply).not.toContain("Oak Street,");
  });

  it("never serves one organization's cached facts to another", async () => {
    const a = await seedOrganization();
    const b = await seedOrganization();
    const { facility: fa } = await seedAgentFacility(a.id);
    const { facility: fb, unitTypes: tb } = await seedAgentFacility(b.id, { name: "Elm Road Storage" });
    await withOrg(b.id, (tx) => updateUnitType(tx, b.id, ACTOR, tb.medium.id, { streetRateCents: 9900 }));

    const ta = await call(a.id, fa.id);
    expect((await ta("how much is a ten by ten")).reply).toContain("$120/mo"); // A's facts now cached
    const tbTurn = await call(b.id, fb.id);
    const answer = await tbTurn("how much is a ten by ten");
    expect(answer.reply).toContain("$99/mo");
    expect(answer.reply).not.toContain("$120/mo");
    // Asking B's transaction for A's facility finds nothing, although A's rows are cached.
    expect(await unitTypesOf(a.id, fa.id)).not.toHaveLength(0);
    expect(await unitTypesOf(b.id, fa.id)).toHaveLength(0);
  });

  it("books against the unit type as it is now: one closed by someone else since the last booking is refused (booking inputs are cached between turns)", async () => {
    const org = await seedOrganization();
    const { unitTypes } = await seedAgentFacility(org.id, { units: 4 });
    // As an agent turn does: the config version read first, then the booking in that transaction.
    const book = (name: string) =>
      withOrg(org.id, async (tx) => {
        const [v] = await tx.select().from(orgConfigVersion).where(eq(orgConfigVersion.organizationId, org.id));
        rememberConfigVersion(tx, org.id, String(v!.version));
        return createReservation(tx, org.id, ACTOR, {
          unitTypeId: unitTypes.medium.id,
          moveInDate: daysFromToday(45),
          channel: "phone",
          customer: { name, phone: randomUsNumber(512) },
        });
      });
    expect((await book("Ann First")).reservation.status).toBe("active"); // fills the cache
    await db.update(unitType).set({ active: false }).where(eq(unitType.id, unitTypes.medium.id));
    await expect(book("Ben Second")).rejects.toThrow(/not open for reservations/);
  });

  it("lets an organization with facilities be deleted (the version row goes with it)", async () => {
    const org = await seedOrganization();
    await seedAgentFacility(org.id, { units: 2 });
    expect(await db.select().from(orgConfigVersion).where(eq(orgConfigVersion.organizationId, org.id))).toHaveLength(1);
    await db.delete(organization).where(eq(organization.id, org.id));
    expect(await db.select().from(orgConfigVersion).where(eq(orgConfigVersion.organizationId, org.id))).toHaveLength(0);
  });

  it("delivers message.received by the endpoints subscribed at each turn (subscriptions are cached between turns)", async () => {
    const org = await seedOrganization();
    const { facility: f } = await seedAgentFacility(org.id);
    const start = await startConversation({ organizationId: org.id, channel: "chat", facilityId: f.id, now: OPEN_NOW });
    const turn = (text: string) =>
      respond({ organizationId: org.id, conversationId: start.conversationId, text, now: OPEN_NOW, brain: "default" });
    const deliveries = async () =>
      (
        await db
          .select()
          .from(webhookDelivery)
          .where(and(eq(webhookDelivery.organizationId, org.id), eq(webhookDelivery.eventType, "message.received")))
      ).length;

    await turn("what are your hours");
    await turn("where are you located");
    expect(await deliveries()).toBe(0);
    const ep = await (
      await callerFor(org.owner)
    ).webhooks.create({ url: "http://127.0.0.1:9/hook", eventTypes: ["message.received"] });
    await turn("do you have any specials");
    expect(await deliveries()).toBe(1);
    await turn("thanks");
    expect(await deliveries()).toBe(2);
    // Disabled by something else than this process (the delivery worker, another app server).
    await db.update(webhookEndpoint).set({ enabled: false }).where(eq(webhookEndpoint.id, ep.id));
    await turn("what are your hours");
    expect(await deliveries()).toBe(2);
    await db.update(webhookEndpoint).set({ enabled: true }).where(eq(webhookEndpoint.id, ep.id));
    await turn("bye");
    expect(await deliveries()).toBe(3);
  });

  it("quotes with a fee added by someone else in the very next turn (quote inputs are cached between turns)", async () => {
    const org = await seedOrganization();
    const { facility: f } = await seedAgentFacility(org.id);
    const turn = await call(org.id, f.id);
    const dueOf = (t: Awaited<ReturnType<typeof turn>>) =>
      (t.actions.find((a) => a.name === "get_quote")?.result as { dueAtMoveInCents: number }).dueAtMoveInCents;
    const before = dueOf(await turn("how much is a ten by ten"));
    expect(dueOf(await turn("how much is a ten by ten"))).toBe(before);
    await db
      .insert(fee)
      .values({ organizationId: org.id, facilityId: f.id, kind: "other", name: "Lock", amountCents: 1500 });
    expect(dueOf(await turn("how much is a ten by ten"))).toBe(before + 1500);
  });
});
