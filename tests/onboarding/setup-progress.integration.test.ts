import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { db } from "@/server/db/client";
import { user } from "@/server/db/schema";

import { callerFor, seedMember, seedOrganization } from "../factories";
import { seedAgentFacility } from "../agent/seed";
import { randomUsNumber } from "../twilio-webhooks";

/** The Overview checklist ticks a step from the organization's data, wherever the step was done. */
describe("organization.setupProgress", () => {
  it("starts with nothing done, ticks each step as it happens, and is complete at the end", async () => {
    const org = await seedOrganization();
    const owner = await callerFor(org.owner);
    const done = async () =>
      Object.fromEntries((await owner.organization.setupProgress()).steps.map((s) => [s.key, s.done]));

    expect(await done()).toEqual({
      facility: false,
      units: false,
      phone_number: false,
      transfer_number: false,
      test_call: false,
      team: false,
      two_factor: false,
    });

    const { facility } = await seedAgentFacility(org.id, { transferPhone: null });
    expect(await done()).toMatchObject({ facility: true, units: true, transfer_number: false });

    const number = await owner.phoneNumbers.attach({ phoneNumber: randomUsNumber(512), facilityId: facility.id });
    await owner.agent.updateFacilitySettings({ facilityId: facility.id, transferPhones: ["+15125550123"] });
    expect(await done()).toMatchObject({ phone_number: true, transfer_number: true, test_call: false });

    await owner.agent.playground.start({ facilityId: facility.id, channel: "voice" });
    await seedMember(org, "staff");
    await db.update(user).set({ twoFactorEnabled: true }).where(eq(user.id, org.owner.id));
    const last = await owner.organization.setupProgress();
    expect(last).toMatchObject({ done: 7, total: 7, complete: true });
    expect(number.e164).toMatch(/^\+1512/);
  });
});
