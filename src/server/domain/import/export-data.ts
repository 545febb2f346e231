import { asc, eq } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import {
  facility,
  facilityClosure,
  fee,
  knowledgeBaseEntry,
  phoneNumber,
  promotion,
  protectionPlan,
  unit,
  unitType,
} from "@/server/db/schema";

import type { ImportFile } from "./format";
import { toUnitsCsv } from "./units-csv";

/**
 * The organization's inventory in the import format: importing the result into an empty
 * organization recreates it, and into the same organization changes nothing. Reserved and occupied
 * units are exported as available (those states belong to reservations and rentals).
 */
export async function exportData(tx: Executor, organizationId: string): Promise<ImportFile> {
  const facilities = await tx
    .select()
    .from(facility)
    .where(eq(facility.organizationId, organizationId))
    .orderBy(asc(facility.slug));
  const types = await tx
    .select()
    .from(unitType)
    .where(eq(unitType.organizationId, organizationId))
    .orderBy(asc(unitType.name));
  const units = await tx.select().from(unit).where(eq(unit.organizationId, organizationId)).orderBy(asc(unit.number));
  const closures = await tx
    .select()
    .from(facilityClosure)
    .where(eq(facilityClosure.organizationId, organizationId))
    .orderBy(asc(facilityClosure.date));
  const kb = await tx
    .select()
    .from(knowledgeBaseEntry)
    .where(eq(knowledgeBaseEntry.organizationId, organizationId))
    .orderBy(asc(knowledgeBaseEntry.question));
  const numbers = await tx.select().from(phoneNumber).where(eq(phoneNumber.organizationId, organizationId));
  const slugOf = new Map(facilities.map((f) => [f.id, f.slug]));
  const typeRef = new Map(types.map((t) => [t.id, `${slugOf.get(t.facilityId)}/${t.name}`]));
  const kbOut = (facilityId: string | null) =>
    kb
      .filter((k) => k.facilityId === facilityId)
      .map((k) => ({
        kind: k.kind,
        question: k.question,
        answer: k.answer,
        questionEs: k.questionEs,
        answerEs: k.answerEs,
        tags: k.tags,
      }));

  return {
    version: 1,
    facilities: facilities.map((f) => ({
      name: f.name,
      slug: f.slug,
      addressLine1: f.addressLine1,
      addressLine2: f.addressLine2,
      city: f.city,
      state: f.state,
      postalCode: f.postalCode,
      country: f.country,
      latitude: f.latitude,
      longitude: f.longitude,
      timeZone: f.timeZone,
      phone: f.phone,
      transferPhone: f.transferPhone,
      officeHours: f.officeHours,
      accessHours: f.accessHours,
      amenities: f.amenities,
      directions: f.directions,
      holdPeriodDays: f.holdPeriodDays,
      moveInWithoutStaff: f.moveInWithoutStaff,
      billingMode: f.billingMode,
      adminFeeCents: f.adminFeeCents,
      depositCents: f.depositCents,
      taxRateBps: f.taxRateBps,
      active: f.active,
      closures: closures
        .filter((c) => c.facilityId === f.id)
        .map((c) => ({ date: c.date, reason: c.reason, reasonEs: c.reasonEs })),
      phoneNumbers: numbers.filter((n) => n.facilityId === f.id).map((n) => n.e164),
      knowledgeBase: kbOut(f.id),
      unitTypes: types
        .filter((t) => t.facilityId === f.id)
        .map((t) => {
          const list = units.filter((u) => u.unitTypeId === t.id);
          return {
            name: t.name,
            widthFt: t.widthFt,
            lengthFt: t.lengthFt,
            heightFt: t.heightFt,
            features: t.features,
            whatFits: t.whatFits,
            streetRateCents: t.streetRateCents,
            webRateCents: t.webRateCents,
            active: t.active,
            count: list.length,
            units: list.map((u) => ({
              number: u.number,
              floor: u.floor,
              status: u.status === "unavailable" ? ("unavailable" as const) : ("available" as const),
            })),
          };
        }),
    })),
    promotions: (
      await tx.select().from(promotion).where(eq(promotion.organizationId, organizationId)).orderBy(asc(promotion.name))
    ).map((p) => ({
      name: p.name,
      kind: p.kind,
      value: p.value,
      months: p.months,
      startsOn: p.startsOn,
      endsOn: p.endsOn,
      channels: p.channels,
      active: p.active,
      facility: p.facilityId ? slugOf.get(p.facilityId)! : null,
      unitTypes: p.unitTypeIds.map((id) => typeRef.get(id)).filter((r): r is string => !!r),
    })),
    fees: (await tx.select().from(fee).where(eq(fee.organizationId, organizationId)).orderBy(asc(fee.name))).map(
      (x) => ({
        name: x.name,
        kind: x.kind,
        amountCents: x.amountCents,
        taxable: x.taxable,
        active: x.active,
        facility: x.facilityId ? slugOf.get(x.facilityId)! : null,
      }),
    ),
    protectionPlans: (
      await tx
        .select()
        .from(protectionPlan)
        .where(eq(protectionPlan.organizationId, organizationId))
        .orderBy(asc(protectionPlan.coverageCents))
    ).map((x) => ({
      name: x.name,
      coverageCents: x.coverageCents,
      monthlyCents: x.monthlyCents,
      active: x.active,
      facility: x.facilityId ? slugOf.get(x.facilityId)! : null,
    })),
    knowledgeBase: kbOut(null),
  };
}

export async function exportUnitsCsv(tx: Executor, organizationId: string): Promise<string> {
  const rows = await tx
    .select({
      facility: facility.slug,
      unit_type: unitType.name,
      number: unit.number,
      floor: unit.floor,
      status: unit.status,
    })
    .from(unit)
    .innerJoin(unitType, eq(unitType.id, unit.unitTypeId))
    .innerJoin(facility, eq(facility.id, unit.facilityId))
    .where(eq(unit.organizationId, organizationId))
    .orderBy(asc(facility.slug), asc(unit.number));
  return toUnitsCsv(rows.map((r) => ({ ...r, status: r.status === "unavailable" ? "unavailable" : "available" })));
}
