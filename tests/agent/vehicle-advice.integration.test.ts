/**
 * Vehicle advice (issue 21): a camper, boat, trailer or car goes to a free parking space first, and
 * the reply names the size it suggests once, with its price, in one sentence. It used to say the
 * size three times ("A 12x40 holds … For a boat, I'd suggest a 12x40 … A 12x40 … is $129/mo."),
 * and "park a boat" was sized as a 10x20 first ("We don't have a 10x20 RV and boat parking space").
 */
import { beforeAll, describe, expect, it } from "vitest";

import { respond, startConversation } from "@/server/agent/engine";
import { withOrg } from "@/server/db/client";
import { createUnitType } from "@/server/domain/inventory/unit-types";
import { bulkCreateUnits } from "@/server/domain/inventory/units";

import { seedOrganization, type TestOrg } from "../factories";
import { OPEN_NOW, seedAgentFacility } from "./seed";

const ACTOR = { label: "test" };

async function opening(org: TestOrg, facilityId: string, text: string) {
  const start = await startConversation({
    organizationId: org.id,
    channel: "voice",
    facilityId,
    fromAddress: "+15125550188",
    now: OPEN_NOW,
  });
  return respond({
    organizationId: org.id,
    conversationId: start.conversationId,
    text,
    now: OPEN_NOW,
    brain: "default",
  });
}

const times = (text: string, re: RegExp) => [...text.matchAll(new RegExp(re.source, "gi"))].length;

describe("agent: vehicle advice", () => {
  let withParking: { org: TestOrg; facilityId: string };
  let noParking: { org: TestOrg; facilityId: string };

  beforeAll(async () => {
    const org = await seedOrganization();
    const { facility } = await seedAgentFacility(org.id);
    await withOrg(org.id, async (tx) => {
      const rv = await createUnitType(tx, org.id, ACTOR, {
        facilityId: facility.id,
        name: "RV Parking",
        widthFt: 12,
        lengthFt: 40,
        features: ["rv_parking"],
        whatFits: "an RV, a boat on its trailer, or a work truck",
        streetRateCents: 12900,
        webRateCents: 11900,
      });
      await bulkCreateUnits(tx, org.id, ACTOR, { unitTypeId: rv.id, range: "P1-P4" });
    });
    withParking = { org, facilityId: facility.id };
    const other = await seedOrganization();
    noParking = { org: other, facilityId: (await seedAgentFacility(other.id)).facility.id };
  });

  it.each([
    "hi i need somewhere to keep my camper over the winter",
    "do you guys have room for a boat",
    "what do you charge to park a boat",
    "how much to store a travel trailer",
    "um i need to store my car for the summer how much would that be",
    "i'd like to reserve a spot for my boat",
  ])("%s: the parking space, its size and its price said once", async (text) => {
    const r = await opening(withParking.org, withParking.facilityId, text);
    expect(r.reply).toMatch(/12x40 RV and boat parking space/);
    expect(times(r.reply, /\b12x40\b/)).toBe(1);
    expect(times(r.reply, /\$129\b/)).toBe(1);
    expect(r.reply).not.toMatch(/10x20|don't have/);
  });

  it("with no parking, a camper is sized among the drive-up units, the size said once", async () => {
    const r = await opening(noParking.org, noParking.facilityId, "where could i keep a camper with you guys");
    expect(r.reply).toMatch(/10x20 drive-up unit/);
    expect(times(r.reply, /\b10x20\b/)).toBe(1);
    expect(times(r.reply, /\$200\b/)).toBe(1);
  });

  it("a size asked by its number still hears what it holds", async () => {
    const r = await opening(noParking.org, noParking.facilityId, "what fits in a ten by twenty");
    expect(r.reply).toMatch(/four-bedroom house or a car/);
  });
});
