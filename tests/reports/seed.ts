import { db } from "@/server/db/client";
import { conversation, customer, facility, lead, rental, reservation, unit, unitType } from "@/server/db/schema";

import { seedOrganization, unique, type TestOrg } from "../factories";

/**
 * Known rows for the report tests, around November 2026 in America/Chicago (UTC-5 until 2 AM on Nov 1, then UTC-6):
 * the edges sit one hour either side of local midnight, so a report that dated rows in UTC would
 * count the wrong ones.
 */
export interface ReportSeed {
  org: TestOrg;
  facilityId: string;
  otherFacilityId: string;
}

export const EVIL_NAME = '=HYPERLINK("http://evil.example","click"), Jr.';

export async function seedReportData(): Promise<ReportSeed> {
  const org = await seedOrganization();
  const o = org.id;
  const [f] = await db
    .insert(facility)
    .values({ organizationId: o, name: "Northgate Storage", slug: unique("fac"), timeZone: "America/Chicago" })
    .returning();
  const [g] = await db
    .insert(facility)
    .values({ organizationId: o, name: "Southside Storage", slug: unique("fac"), timeZone: "America/Chicago" })
    .returning();
  const [ut] = await db
    .insert(unitType)
    .values({
      organizationId: o,
      facilityId: f!.id,
      name: "10x10 Climate",
      widthFt: 10,
      lengthFt: 10,
      streetRateCents: 12_000,
      webRateCents: 11_000,
    })
    .returning();
  const [ut2] = await db
    .insert(unitType)
    .values({
      organizationId: o,
      facilityId: g!.id,
      name: "5x10",
      widthFt: 5,
      lengthFt: 10,
      streetRateCents: 6_500,
      webRateCents: 6_000,
    })
    .returning();
  const units = await db
    .insert(unit)
    .values(
      ["A10", "A2", "A1", "A3"].map((number) => ({
        organizationId: o,
        facilityId: f!.id,
        unitTypeId: ut!.id,
        number,
        status: "available" as const,
      })),
    )
    .returning();
  const byNumber = (n: string) => units.find((u) => u.number === n)!.id;
  const [s1] = await db
    .insert(unit)
    .values({ organizationId: o, facilityId: g!.id, unitTypeId: ut2!.id, number: "S1", status: "occupied" })
    .returning();

  const people = await db
    .insert(customer)
    .values([
      { organizationId: o, name: "Dana Lee", phone: "+15550100001", email: "dana@example.test" },
      { organizationId: o, name: EVIL_NAME, phone: "+15550100002" },
      { organizationId: o, name: "Moved Out", phone: "+15550100003" },
      { organizationId: o, name: "Sam South", phone: "+15550100004" },
      { organizationId: o, name: "Lee Lost", phone: "+15550100005" },
      { organizationId: o, name: "Old Lead", phone: "+15550100006" },
    ])
    .returning();
  const [dana, evil, movedOut, sam, lost, old] = people as [(typeof people)[number], ...typeof people];

  await db.insert(rental).values([
    {
      organizationId: o,
      facilityId: f!.id,
      unitId: byNumber("A2"),
      customerId: dana.id,
      startDate: "2026-10-01",
      monthlyRateCents: 10_000,
      billingDay: 1,
      gateCodeEncrypted: "x",
      balanceCents: 2_500,
    },
    {
      organizationId: o,
      facilityId: f!.id,
      unitId: byNumber("A10"),
      customerId: evil!.id,
      startDate: "2026-11-15",
      monthlyRateCents: 9_000,
      billingDay: 15,
      gateCodeEncrypted: "x",
    },
    // Moved out at 23:30 on Nov 30 Chicago time (05:30 UTC Dec 1): vacant as of Nov 30, though UTC says Dec 1.
    {
      organizationId: o,
      facilityId: f!.id,
      unitId: byNumber("A3"),
      customerId: movedOut!.id,
      startDate: "2026-06-01",
      monthlyRateCents: 11_500,
      billingDay: 1,
      gateCodeEncrypted: "x",
      balanceCents: 0,
      movedOutAt: new Date("2026-12-01T05:30:00Z"),
    },
    {
      organizationId: o,
      facilityId: g!.id,
      unitId: s1!.id,
      customerId: sam!.id,
      startDate: "2026-11-20",
      monthlyRateCents: 6_000,
      billingDay: 20,
      gateCodeEncrypted: "x",
      balanceCents: -500,
    },
  ]);

  const res = (
    unitId: string,
    customerId: string,
    code: string,
    createdAt: string,
    status: "active" | "cancelled" | "expired" | "converted",
    channel: "phone" | "web" = "phone",
  ) => ({
    organizationId: o,
    facilityId: f!.id,
    unitTypeId: ut!.id,
    unitId,
    customerId,
    status,
    moveInDate: "2026-12-05",
    quotedMonthlyRateCents: 11_000,
    quote: {},
    confirmationCode: code,
    holdExpiresAt: new Date("2026-12-10T00:00:00Z"),
    channel,
    createdBy: "agent",
    createdAt: new Date(createdAt),
  });
  await db.insert(reservation).values([
    res(byNumber("A1"), dana.id, "RES-IN1", "2026-11-10T15:00:00Z", "active"),
    // 23:30 on Nov 30 in Chicago: inside a range ending Nov 30.
    res(byNumber("A3"), sam!.id, "RES-EDGE", "2026-12-01T05:30:00Z", "cancelled", "web"),
    // 23:30 on Oct 31 in Chicago (still daylight time, UTC-5): outside a range starting Nov 1, though UTC says Nov 1.
    res(byNumber("A1"), lost!.id, "RES-OUT", "2026-11-01T04:30:00Z", "expired"),
  ]);

  await db.insert(lead).values([
    {
      organizationId: o,
      customerId: dana.id,
      facilityId: f!.id,
      source: "call",
      status: "reserved",
      createdAt: new Date("2026-11-10T14:00:00Z"),
    },
    {
      organizationId: o,
      customerId: evil!.id,
      facilityId: f!.id,
      source: "call",
      status: "new",
      createdAt: new Date("2026-11-12T14:00:00Z"),
    },
    {
      organizationId: o,
      customerId: lost!.id,
      facilityId: f!.id,
      source: "sms",
      status: "lost",
      createdAt: new Date("2026-11-01T06:00:00Z"),
    },
    {
      organizationId: o,
      customerId: sam!.id,
      facilityId: g!.id,
      source: "web",
      status: "moved_in",
      createdAt: new Date("2026-11-18T14:00:00Z"),
    },
    // 23:30 Oct 31 local: outside.
    {
      organizationId: o,
      customerId: old!.id,
      facilityId: f!.id,
      source: "call",
      status: "new",
      createdAt: new Date("2026-11-01T04:30:00Z"),
    },
  ]);

  const conv = (startedAt: string, extra: Partial<typeof conversation.$inferInsert>) => ({
    organizationId: o,
    facilityId: f!.id,
    startedAt: new Date(startedAt),
    status: "ended" as const,
    ...extra,
    channel: extra.channel ?? "voice",
  });
  await db.insert(conversation).values([
    conv("2026-11-05T16:00:00Z", {
      channel: "voice",
      fromAddress: "+15550100001",
      toAddress: "+15550109999",
      customerId: dana.id,
      durationSeconds: 95,
      outcome: "reservation",
      summary: 'Reserved a 10x10; asked "what are the gate hours?"',
    }),
    conv("2026-11-06T18:30:00Z", {
      channel: "sms",
      fromAddress: "+15550100002",
      toAddress: "+15550109999",
      customerId: evil!.id,
      outcome: "lead",
      summary: "-1 asked about prices\nthen left",
    }),
    conv("2026-11-07T18:30:00Z", { channel: "playground", summary: "a test in the dashboard" }),
    conv("2026-12-01T06:30:00Z", {
      channel: "voice",
      fromAddress: "+15550100006",
      toAddress: "+15550109999",
      durationSeconds: 30,
      outcome: "abandoned",
    }),
  ]);
  return { org, facilityId: f!.id, otherFacilityId: g!.id };
}
