import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { respond, startConversation } from "@/server/agent/engine";
import { db, withOrg } from "@/server/db/client";
import { message } from "@/server/db/schema";
import { addFacilityClosure } from "@/server/domain/facilities/facility-closure";
import { saveKnowledgeBaseEntry } from "@/server/domain/facilities/knowledge-base";
import { captureLead } from "@/server/domain/leads/capture-lead";
import { createReservation } from "@/server/domain/reservations/create-reservation";

import { daysFromToday } from "../factories";
import { ACTOR, seedFacility } from "../inventory/helpers";

import { api, seedApiOrg } from "./helpers";

const IN_60_DAYS = daysFromToday(60);

/**
 * A key sees only its organization: every operation, tried with organization B's ids through A's
 * key, answers 404 (never 403, which would confirm the id exists) and changes nothing of B's.
 */
let keyA: string;
let keyB: string;
const b = {
  facilityId: "",
  unitTypeId: "",
  unitId: "",
  customerId: "",
  leadId: "",
  reservationId: "",
  callId: "",
  smsThreadId: "",
  messageId: "",
  kbEntryId: "",
  closureId: "",
};

beforeAll(async () => {
  ({ key: keyA } = await seedApiOrg());
  const seededB = await seedApiOrg();
  keyB = seededB.key;
  const { facility, unitType } = await seedFacility(seededB.org.id, { units: 2 });
  await withOrg(seededB.org.id, async (tx) => {
    const lead = await captureLead(tx, seededB.org.id, ACTOR, { source: "call", name: "Bea", phone: "+15125550777" });
    const r = await createReservation(tx, seededB.org.id, ACTOR, {
      unitTypeId: unitType.id,
      moveInDate: IN_60_DAYS,
      channel: "phone",
      customerId: lead.customer.id,
    });
    Object.assign(b, {
      facilityId: facility.id,
      unitTypeId: unitType.id,
      unitId: r.reservation.unitId,
      customerId: lead.customer.id,
      leadId: lead.lead.id,
      reservationId: r.reservation.id,
    });
    b.kbEntryId = (
      await saveKnowledgeBaseEntry(tx, seededB.org.id, ACTOR, {
        facilityId: facility.id,
        kind: "faq",
        question: "B's question?",
        answer: "B's answer.",
        answerEs: "La respuesta de B.",
      })
    ).id;
    b.closureId = (
      await addFacilityClosure(tx, seededB.org.id, ACTOR, facility.id, { date: IN_60_DAYS, reasonEs: "Cerrado" })
    ).id;
  });
  // B's phone call and SMS thread, from the same phone as B's lead.
  for (const channel of ["voice", "sms"] as const) {
    const started = await startConversation({
      organizationId: seededB.org.id,
      channel,
      facilityId: b.facilityId,
      fromAddress: "+15125550777",
      toAddress: "+15125550100",
      greet: channel === "voice",
    });
    await respond({
      organizationId: seededB.org.id,
      conversationId: started.conversationId,
      text: "what are your hours",
      brain: "default",
    });
    if (channel === "voice") b.callId = started.conversationId;
    else b.smsThreadId = started.conversationId;
  }
  const [text] = await db.select().from(message).where(eq(message.conversationId, b.smsThreadId)).limit(1);
  b.messageId = text!.id;
});

describe("a key sees only its own organization", () => {
  it("GET by id of another organization's rows is 404", async () => {
    for (const path of [
      `/facilities/${b.facilityId}`,
      `/unit-types/${b.unitTypeId}`,
      `/units/${b.unitId}`,
      `/customers/${b.customerId}`,
      `/leads/${b.leadId}`,
      `/reservations/${b.reservationId}`,
      `/calls/${b.callId}`,
      `/conversations/${b.callId}`,
      `/conversations/${b.smsThreadId}`,
      `/messages/${b.messageId}`,
      `/knowledge-base-entries/${b.kbEntryId}`,
      `/closures/${b.closureId}`,
    ]) {
      const r = await api(keyA, "GET", path);
      expect(r.status, path).toBe(404);
      expect(r.body.type).toBe("https://storage-agent.dev/problems/not-found");
      expect((await api(keyB, "GET", path)).status, `${path} with B's own key`).toBe(200);
    }
  });

  it("lists never include another organization's rows, whatever the filter", async () => {
    for (const path of [
      "/facilities",
      "/unit-types",
      `/unit-types?facility_id=${b.facilityId}`,
      "/units",
      `/units?facility_id=${b.facilityId}`,
      "/customers?phone=%2B15125550777",
      "/leads?phone=5125550777",
      "/reservations",
      `/reservations?facility_id=${b.facilityId}`,
      "/calls",
      "/calls?phone=%2B15125550777",
      `/conversations?facility_id=${b.facilityId}`,
      `/conversations?lead_id=${b.leadId}`,
      "/messages",
      `/messages?conversation_id=${b.smsThreadId}`,
      "/messages?phone=5125550777",
      "/knowledge-base-entries",
      `/knowledge-base-entries?facility_id=${b.facilityId}`,
      "/closures",
      `/closures?facility_id=${b.facilityId}`,
    ]) {
      const r = await api(keyA, "GET", path);
      expect(r.status, path).toBe(200);
      expect(JSON.stringify(r.body), path).not.toMatch(new RegExp(Object.values(b).join("|")));
    }
  });

  it("writes against another organization's ids are 404 or refused, and B's rows are unchanged", async () => {
    expect((await api(keyA, "PATCH", `/leads/${b.leadId}`, { status: "lost", lost_reason: "hijack" })).status).toBe(
      404,
    );
    expect((await api(keyA, "POST", `/reservations/${b.reservationId}/cancel`, {})).status).toBe(404);
    expect(
      (
        await api(keyA, "POST", "/reservations", {
          unit_type_id: b.unitTypeId,
          move_in_date: IN_60_DAYS,
          customer: { phone: "+15125550778" },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await api(keyA, "POST", "/reservations", {
          unit_type_id: "00000000-0000-4000-8000-000000000000",
          move_in_date: IN_60_DAYS,
          customer: { phone: "+15125550778" },
        })
      ).status,
    ).toBe(404);
    const ref = await api(keyA, "POST", "/leads", { source: "web", phone: "+15125550779", facility_id: b.facilityId });
    expect(ref.status).toBe(400);
    for (const path of [`/knowledge-base-entries/${b.kbEntryId}`, `/closures/${b.closureId}`]) {
      expect(
        (await api(keyA, "PATCH", path, path.includes("closures") ? { reason: "A" } : { answer: "A" })).status,
      ).toBe(404);
      expect((await api(keyA, "DELETE", path)).status).toBe(404);
    }
    const kb = await api(keyA, "POST", "/knowledge-base-entries", {
      facility_id: b.facilityId,
      kind: "faq",
      question: "A's?",
      answer: "A's.",
    });
    expect(kb.status).toBe(400);
    expect((await api(keyA, "POST", "/closures", { facility_id: b.facilityId, date: IN_60_DAYS })).status).toBe(400);
    expect((await api(keyB, "GET", `/knowledge-base-entries/${b.kbEntryId}`)).body.answer).toBe("B's answer.");
    expect((await api(keyB, "GET", `/closures/${b.closureId}`)).body.reason_es).toBe("Cerrado");
    expect((await api(keyB, "GET", `/leads/${b.leadId}`)).body.status).toBe("reserved");
    expect((await api(keyB, "GET", `/reservations/${b.reservationId}`)).body.status).toBe("active");
  });
});
