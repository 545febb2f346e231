import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db } from "@/server/db/client";
import { auditLog, facility, phoneNumber, twilioSubaccount } from "@/server/db/schema";
import { callerFor, seedMember, seedOrganization, unique } from "../../../../tests/factories";
import { startFakeTwilio, type FakeTwilio } from "../../../../tests/fakes/twilio-server";
import { randomUsNumber } from "../../../../tests/twilio-webhooks";

let fake: FakeTwilio;
beforeAll(async () => {
  fake = await startFakeTwilio();
  fake.useInEnv();
});
afterAll(() => fake.close());

const PUBLIC = "http://localhost:3000";

async function seedFacility(organizationId: string) {
  const [row] = await db
    .insert(facility)
    .values({ organizationId, name: `Site ${unique()}`, slug: unique("site"), phone: "+14155550100" })
    .returning({ id: facility.id });
  return row!.id;
}

describe("phone numbers through Twilio (local fake)", () => {
  it("searches by area code, buys into one subaccount per organization and sets the webhook URLs", async () => {
    const org = await seedOrganization();
    const owner = await callerFor(org.owner);
    const found = await owner.phoneNumbers.searchAvailable({ areaCode: 512 });
    expect(found.length).toBeGreaterThan(1);
    expect(found[0]!.phoneNumber).toMatch(/^\+1512\d{7}$/);
    expect(fake.requests.at(-1)).toMatchObject({ method: "GET", query: { AreaCode: "512" } });

    const first = await owner.phoneNumbers.buy({ phoneNumber: found[0]!.phoneNumber, friendlyName: "Main line" });
    const second = await owner.phoneNumbers.buy({ phoneNumber: found[1]!.phoneNumber });

    const subs = await db.select().from(twilioSubaccount).where(eq(twilioSubaccount.organizationId, org.id));
    expect(subs).toHaveLength(1);
    const sub = subs[0]!;
    expect(fake.account(sub.accountSid)?.parentSid).toBe(fake.accountSid);
    // Created once, on the first purchase, not on the second.
    expect(
      fake.requests.filter((r) => r.path === "/2010-04-01/Accounts.json" && r.form.FriendlyName?.includes(org.id)),
    ).toHaveLength(1);

    for (const row of [first, second]) {
      expect(row).toMatchObject({
        organizationId: org.id,
        status: "active",
        source: "purchased",
        twilioAccountSid: sub.accountSid,
      });
      const remote = fake.number(row.e164)!;
      expect(remote.accountSid).toBe(sub.accountSid);
      expect(row.twilioSid).toBe(remote.sid);
      expect(remote).toMatchObject({
        voiceUrl: `${PUBLIC}/api/twilio/voice`,
        smsUrl: `${PUBLIC}/api/twilio/sms`,
        statusCallback: `${PUBLIC}/api/twilio/voice-status`,
        voiceMethod: "POST",
        smsMethod: "POST",
      });
    }
    // The main account's credentials did the work; no subaccount token was needed or stored.
    expect(
      fake.requests.filter((r) => r.path.includes(sub.accountSid)).every((r) => r.username === fake.accountSid),
    ).toBe(true);
    expect(first.friendlyName).toBe("Main line");

    const listed = await (await callerFor(await seedMember(org, "staff"))).phoneNumbers.list();
    expect(listed.map((n) => n.e164).sort()).toEqual([first.e164, second.e164].sort());
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, org.id), eq(auditLog.action, "phone_number.purchased")));
    expect(audit).toHaveLength(2);
  });

  it("creates a single subaccount when two first purchases race", async () => {
    const org = await seedOrganization();
    const owner = await callerFor(org.owner);
    const [a, b] = await owner.phoneNumbers.searchAvailable({ areaCode: 702 });
    const bought = await Promise.all([
      owner.phoneNumbers.buy({ phoneNumber: a!.phoneNumber }),
      owner.phoneNumbers.buy({ phoneNumber: b!.phoneNumber }),
    ]);
    expect(new Set(bought.map((n) => n.twilioAccountSid)).size).toBe(1);
    expect(await db.select().from(twilioSubaccount).where(eq(twilioSubaccount.organizationId, org.id))).toHaveLength(1);
    expect(fake.subaccounts().filter((s) => s.friendlyName.includes(org.id))).toHaveLength(1);
  });

  it("attaches a number in the organization's own subaccount and points its URLs here", async () => {
    const org = await seedOrganization();
    const owner = await callerFor(org.owner);
    const [available] = await owner.phoneNumbers.searchAvailable({ areaCode: 303 });
    const bought = await owner.phoneNumbers.buy({ phoneNumber: available!.phoneNumber });
    const sub = bought.twilioAccountSid!;
    // Ported into the subaccount (or bought there in the Twilio console).
    const e164 = randomUsNumber(303);
    const existing = fake.addNumber(e164, sub);
    const row = await owner.phoneNumbers.attach({
      phoneNumber: `(${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`,
    });
    expect(row).toMatchObject({ e164, twilioSid: existing.sid, twilioAccountSid: sub, source: "attached" });
    expect(fake.number(e164)).toMatchObject({
      voiceUrl: `${PUBLIC}/api/twilio/voice`,
      smsUrl: `${PUBLIC}/api/twilio/sms`,
      statusCallback: `${PUBLIC}/api/twilio/voice-status`,
    });

    await expect(owner.phoneNumbers.attach({ phoneNumber: randomUsNumber(303) })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    // Attached twice in the same organization: one row.
    await expect(owner.phoneNumbers.attach({ phoneNumber: e164 })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(owner.phoneNumbers.attach({ phoneNumber: "12" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("refuses to attach a number of the platform's main account or of another organization's subaccount", async () => {
    const org = await seedOrganization();
    const owner = await callerFor(org.owner);
    const [available] = await owner.phoneNumbers.searchAvailable({ areaCode: 305 });
    await owner.phoneNumbers.buy({ phoneNumber: available!.phoneNumber });
    const platformLine = fake.addNumber(randomUsNumber(305));
    expect(platformLine.accountSid).toBe(fake.accountSid);
    await expect(owner.phoneNumbers.attach({ phoneNumber: platformLine.phoneNumber })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    // An organization with no subaccount yet cannot reach the main account either.
    const fresh = await callerFor((await seedOrganization()).owner);
    await expect(fresh.phoneNumbers.attach({ phoneNumber: platformLine.phoneNumber })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    // Another organization's subaccount number (not yet attached there) is not this organization's.
    const b = await seedOrganization();
    const bOwner = await callerFor(b.owner);
    const [bAvailable] = await bOwner.phoneNumbers.searchAvailable({ areaCode: 305 });
    const bBought = await bOwner.phoneNumbers.buy({ phoneNumber: bAvailable!.phoneNumber });
    const bSpare = fake.addNumber(randomUsNumber(305), bBought.twilioAccountSid!);
    await expect(owner.phoneNumbers.attach({ phoneNumber: bSpare.phoneNumber })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    // Nothing was recorded and the numbers' URLs were not touched.
    for (const n of [platformLine, bSpare]) {
      expect(await db.select().from(phoneNumber).where(eq(phoneNumber.e164, n.phoneNumber))).toEqual([]);
      expect(fake.number(n.phoneNumber)).toMatchObject({ voiceUrl: "https://old.example/voice" });
    }
    // Only subaccounts were searched: the main account's number list was never read for an attach.
    expect(
      fake.requests.some(
        (r) =>
          r.method === "GET" &&
          r.path === `/2010-04-01/Accounts/${fake.accountSid}/IncomingPhoneNumbers.json` &&
          r.query.PhoneNumber === platformLine.phoneNumber,
      ),
    ).toBe(false);
  });

  it("assigns a number to a facility of the same organization only", async () => {
    const org = await seedOrganization();
    const owner = await callerFor(org.owner);
    const [available] = await owner.phoneNumbers.searchAvailable({ areaCode: 617 });
    const row = await owner.phoneNumbers.buy({ phoneNumber: available!.phoneNumber });
    const site = await seedFacility(org.id);
    const assigned = await owner.phoneNumbers.assign({ phoneNumberId: row.id, facilityId: site, voiceMode: "relay" });
    expect(assigned).toMatchObject({ facilityId: site, voiceMode: "relay" });

    const otherOrg = await seedOrganization();
    const foreignSite = await seedFacility(otherOrg.id);
    await expect(owner.phoneNumbers.assign({ phoneNumberId: row.id, facilityId: foreignSite })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      (await callerFor(otherOrg.owner)).phoneNumbers.assign({ phoneNumberId: row.id, facilityId: foreignSite }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const [still] = await db.select().from(phoneNumber).where(eq(phoneNumber.id, row.id));
    expect(still!.facilityId).toBe(site);
  });

  it("releases a number at Twilio and frees its E.164", async () => {
    const org = await seedOrganization();
    const owner = await callerFor(org.owner);
    const [available] = await owner.phoneNumbers.searchAvailable({ areaCode: 720 });
    const row = await owner.phoneNumbers.buy({ phoneNumber: available!.phoneNumber });
    expect(fake.number(row.e164)).not.toBeNull();
    const released = await owner.phoneNumbers.release({ phoneNumberId: row.id });
    expect(released).toMatchObject({ status: "released" });
    expect(released.releasedAt).toBeInstanceOf(Date);
    expect(fake.number(row.e164)).toBeNull();
    expect(fake.requests.some((r) => r.method === "DELETE" && r.path.endsWith(`${row.twilioSid}.json`))).toBe(true);
    await expect(owner.phoneNumbers.release({ phoneNumberId: row.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const log = (await owner.organization.auditLog()).items;
    expect(log.map((e) => e.action)).toEqual(
      expect.arrayContaining(["phone_number.purchased", "phone_number.released"]),
    );
  });

  it("lets staff and managers list but not buy, attach, assign or release", async () => {
    const org = await seedOrganization();
    const owner = await callerFor(org.owner);
    const [available] = await owner.phoneNumbers.searchAvailable({ areaCode: 206 });
    const row = await owner.phoneNumbers.buy({ phoneNumber: available!.phoneNumber });
    for (const role of ["staff", "manager"] as const) {
      const caller = await callerFor(await seedMember(org, role));
      expect((await caller.phoneNumbers.list()).map((n) => n.id)).toEqual([row.id]);
      await expect(caller.phoneNumbers.searchAvailable({ areaCode: 206 })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.phoneNumbers.buy({ phoneNumber: randomUsNumber(206) })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
      await expect(caller.phoneNumbers.attach({ phoneNumber: randomUsNumber(206) })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
      await expect(caller.phoneNumbers.assign({ phoneNumberId: row.id, facilityId: null })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
      await expect(caller.phoneNumbers.release({ phoneNumberId: row.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const admin = await callerFor(await seedMember(org, "admin"));
    await admin.phoneNumbers.release({ phoneNumberId: row.id });
  });

  it("never shows one organization's numbers to another", async () => {
    const a = await seedOrganization();
    const b = await seedOrganization();
    const [available] = await (await callerFor(a.owner)).phoneNumbers.searchAvailable({ areaCode: 312 });
    const row = await (await callerFor(a.owner)).phoneNumbers.buy({ phoneNumber: available!.phoneNumber });
    const bCaller = await callerFor(b.owner);
    expect(await bCaller.phoneNumbers.list()).toEqual([]);
    await expect(bCaller.phoneNumbers.release({ phoneNumberId: row.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
