/**
 * A realistic facility for agent tests and the benchmark: office and access hours in Chicago,
 * three sizes with "what fits" text, units, a promotion, a protection plan and a knowledge base.
 * Everything goes through the domain services, as the dashboard would.
 */
import { initialState } from "@/server/agent/dialogue/state";
import { FacilityFacts } from "@/server/agent/store/facility-facts";
import type { ToolContext } from "@/server/agent/tools";
import { withOrg, type Transaction } from "@/server/db/client";
import type { WeeklyHours } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { createFacility } from "@/server/domain/facilities/create-facility";
import { saveKnowledgeBaseEntry } from "@/server/domain/facilities/knowledge-base";
import { setFacilityClosures } from "@/server/domain/facilities/set-closures";
import { createUnitType } from "@/server/domain/inventory/unit-types";
import { bulkCreateUnits } from "@/server/domain/inventory/units";
import { saveRateItem } from "@/server/domain/rates/save-rate-item";
import { convertToMoveIn } from "@/server/domain/rentals/convert-to-move-in";
import { createReservation } from "@/server/domain/reservations/create-reservation";

const ACTOR: Actor = { label: "seed" };
const rand = () => Math.random().toString(36).slice(2, 8);

export const WEEKDAY_HOURS: WeeklyHours = {
  mon: [{ open: "09:00", close: "18:00" }],
  tue: [{ open: "09:00", close: "18:00" }],
  wed: [{ open: "09:00", close: "18:00" }],
  thu: [{ open: "09:00", close: "18:00" }],
  fri: [{ open: "09:00", close: "18:00" }],
  sat: [{ open: "09:00", close: "17:00" }],
};
export const ACCESS_HOURS: WeeklyHours = Object.fromEntries(
  ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ open: "06:00", close: "22:00" }]]),
);

/** 2030-01-15 is a Tuesday: 15:00 UTC is 9 AM in Chicago (open), 03:00 UTC the night before (closed). */
export const OPEN_NOW = new Date("2030-01-15T17:00:00Z");
export const CLOSED_NOW = new Date("2030-01-15T04:00:00Z");

/** The seeded facility's knowledge base (also the table of tests/agent/knowledge-search.test.ts). */
export const SEED_KNOWLEDGE_BASE = [
  {
    kind: "policy",
    question: "Can I store a car or vehicle?",
    answer: "Yes, vehicles can be stored in drive-up units if they are registered and insured.",
    tags: ["vehicles"],
  },
  {
    kind: "policy",
    question: "Do you sell boxes and moving supplies?",
    answer: "Yes, the office sells boxes, tape and locks.",
    tags: ["supplies"],
  },
  {
    kind: "faq",
    question: "How do I pay online?",
    answer: "Pay online at https://pay.example.test/oak",
    tags: ["payment_link"],
  },
] as const;

export interface SeedOptions {
  name?: string;
  units?: number;
  closures?: { date: string; reason: string }[];
  transferPhone?: string | null;
  withPromotion?: boolean;
  /** The facility's amenities (default "gated", "cameras", "carts"). */
  amenities?: string[];
}

export async function seedAgentFacility(orgId: string, opts: SeedOptions = {}) {
  return withOrg(orgId, async (tx) => {
    const f = await createFacility(tx, orgId, ACTOR, {
      name: opts.name ?? "Oak Street Storage",
      slug: `oak-${rand()}-${rand()}`,
      addressLine1: "120 Oak Street",
      city: "Austin",
      state: "TX",
      postalCode: "78701",
      timeZone: "America/Chicago",
      phone: "+15125550100",
      transferPhone: opts.transferPhone === undefined ? "+15125550199" : opts.transferPhone,
      officeHours: WEEKDAY_HOURS,
      accessHours: ACCESS_HOURS,
      amenities: opts.amenities ?? ["gated", "cameras", "carts"],
      directions: "Across from the Oak Street fire station.",
      adminFeeCents: 2500,
      holdPeriodDays: 7,
    });
    const small = await createUnitType(tx, orgId, ACTOR, {
      facilityId: f.id,
      name: "5x10",
      widthFt: 5,
      lengthFt: 10,
      features: ["indoor"],
      whatFits: "a studio or one-bedroom apartment's furniture and boxes",
      streetRateCents: 7000,
      webRateCents: 6000,
    });
    const medium = await createUnitType(tx, orgId, ACTOR, {
      facilityId: f.id,
      name: "10x10 climate",
      widthFt: 10,
      lengthFt: 10,
      features: ["climate_controlled"],
      whatFits: "a two-bedroom apartment, including appliances",
      streetRateCents: 12000,
      webRateCents: 11000,
    });
    const large = await createUnitType(tx, orgId, ACTOR, {
      facilityId: f.id,
      name: "10x20 drive-up",
      widthFt: 10,
      lengthFt: 20,
      features: ["drive_up"],
      whatFits: "a four-bedroom house or a car",
      streetRateCents: 20000,
      webRateCents: 18500,
    });
    const n = opts.units ?? 3;
    if (n > 0) {
      await bulkCreateUnits(tx, orgId, ACTOR, { unitTypeId: small.id, range: `S1-S${n}` });
      await bulkCreateUnits(tx, orgId, ACTOR, { unitTypeId: medium.id, range: `M1-M${n}` });
      await bulkCreateUnits(tx, orgId, ACTOR, { unitTypeId: large.id, range: `L1-L${n}` });
    }
    if (opts.withPromotion !== false) {
      await saveRateItem(tx, orgId, ACTOR, "promotion", {
        facilityId: f.id,
        name: `First month $1 ${rand()}`,
        kind: "first_month_fixed",
        value: 100,
        unitTypeIds: [medium.id],
      });
    }
    await saveRateItem(tx, orgId, ACTOR, "protection_plan", {
      facilityId: f.id,
      name: `Basic protection ${rand()}`,
      coverageCents: 200_000,
      monthlyCents: 1200,
    });
    for (const entry of SEED_KNOWLEDGE_BASE)
      await saveKnowledgeBaseEntry(tx, orgId, ACTOR, { facilityId: f.id, ...entry, tags: [...entry.tags] });
    if (opts.closures?.length) await setFacilityClosures(tx, orgId, ACTOR, f.id, opts.closures);
    return { facility: f, unitTypes: { small, medium, large } };
  });
}

/** What a tool sees in a voice turn with no caller ID, for calling `runTool` directly. */
/** A tenant: a reservation of `unitTypeId` for `name` at `phone`, moved in on the 15th (OPEN_NOW's day). */
export async function rentTo(orgId: string, unitTypeId: string, name: string, phone: string) {
  return withOrg(orgId, async (tx) => {
    const r = await createReservation(
      tx,
      orgId,
      { label: "test" },
      { unitTypeId, moveInDate: "2030-01-15", channel: "web", customer: { name, phone } },
      // Booked on the agent's clock: OPEN_NOW's day is within the booking window of OPEN_NOW.
      { now: OPEN_NOW },
    );
    return convertToMoveIn(tx, orgId, { label: "test" }, { reservationId: r.reservation.id });
  });
}

export function toolContext(tx: Transaction, organizationId: string, facilityId: string): ToolContext {
  return {
    tx,
    organizationId,
    conversationId: "00000000-0000-4000-8000-000000000000",
    now: OPEN_NOW,
    actor: { label: "test" },
    state: initialState({ channel: "voice", facilityId, callerId: null }),
    facts: new FacilityFacts(tx, organizationId),
    calls: [],
  };
}
