import { beforeAll, describe, expect, it } from "vitest";

import { withOrg } from "@/server/db/client";
import { captureLead } from "@/server/domain/leads/capture-lead";
import { createReservation } from "@/server/domain/reservations/create-reservation";

import { ACTOR, seedFacility } from "../inventory/helpers";

import { api, seedApiOrg } from "./helpers";

/**
 * A key sees only its organization: every operation, tried with organization B's ids through A's
 * key, answers 404 (never 403, which would confirm the id exists) and changes nothing of B's.
 */
let keyA: string;
let keyB: string;
const b = { facilityId: "", unitTypeId: "", unitId: "", customerId: "", leadId: "", reservationId: "" };

beforeAll(async () => {
  ({ key: keyA } = await seedApiOrg());
  const seededB = await seedApiOrg();
  keyB = seededB.key;
  const { facility, unitType } = await seedFacility(seededB.org.id, { units: 2 });
  await withOrg(seededB.org.id, async (tx) => {
    const lead = await captureLead(tx, seededB.org.id, ACTOR, { source: "call", name: "Bea", phone: "+15125550777" });
    const r = await createReservation(tx, seededB.org.id, ACTOR, { unitTypeId: unitType.id, moveInDate: "2030-03-01", channel: "phone", customerId: lead.customer.id });
    Object.assign(b, { facilityId: facility.id, unitTypeId: unitType.id, unitId: r.reservation.unitId, customerId: lead.customer.id, leadId: lead.lead.id, reservationId: r.reservation.id });
  });
});

describe("a key sees only its own organization", () => {
  it("GET by id of another organization's rows is 404", async () => {
    for (const path of [`/facilities/${b.facilityId}`, `/unit-types/${b.unitTypeId}`, `/units/${b.unitId}`, `/customers/${b.customerId}`, `/leads/${b.leadId}`, `/reservations/${b.reservationId}`]) {
      const r = await api(keyA, "GET", path);
      expect(r.status, path).toBe(404);
      expect(r.body.type).toBe("https://storage-agent.dev/problems/not-found");
      expect((await api(keyB, "GET", path)).status, `${path} with B's own key`).toBe(200);
    }
  });

  it("lists never include another organization's rows, whatever the filter", async () => {
    for (const path of ["/facilities", "/unit-types", `/unit-types?facility_id=${b.facilityId}`, "/units", `/units?facility_id=${b.facilityId}`, "/customers?phone=%2B15125550777", "/leads?phone=5125550777", "/reservations", `/reservations?facility_id=${b.facilityId}`]) {
      const r = await api(keyA, "GET", path);
      expect(r.status, path).toBe(200);
      expect(JSON.stringify(r.body), path).not.toMatch(new RegExp(Object.values(b).join("|")));
    }
  });

  it("writes against another organization's ids are 404 or refused, and B's rows are unchanged", async () => {
    expect((await api(keyA, "PATCH", `/leads/${b.leadId}`, { status: "lost", lost_reason: "hijack" })).status).toBe(404);
    expect((await api(keyA, "POST", `/reservations/${b.reservationId}/cancel`, {})).status).toBe(404);
    expect((await api(keyA, "POST", "/reservations", { unit_type_id: b.unitTypeId, move_in_date: "2030-03-01", customer: { phone: "+15125550778" } })).status).toBe(404);
    expect((await api(keyA, "POST", "/reservations", { unit_type_id: "00000000-0000-4000-8000-000000000000", move_in_date: "2030-03-01", customer: { phone: "+15125550778" } })).status).toBe(404);
    const ref = await api(keyA, "POST", "/leads", { source: "web", phone: "+15125550779", facility_id: b.facilityId });
    expect(ref.status).toBe(400);
    expect((await api(keyB, "GET", `/leads/${b.leadId}`)).body.status).toBe("reserved");
    expect((await api(keyB, "GET", `/reservations/${b.reservationId}`)).body.status).toBe("active");
  });
});
