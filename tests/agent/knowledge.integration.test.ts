/**
 * Knowledge-base answers through the engine and the facility_info tool (issue 4): a question no entry
 * answers gets "not sure" and an offer of a person, never the nearest entry; a Spanish question finds
 * the English entry; an hours question asked as a knowledge-base question gets the hours.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { runTool } from "@/server/agent/tools";
import { withOrg } from "@/server/db/client";
import { knowledgeBaseEntry } from "@/server/db/schema";
import { saveKnowledgeBaseEntry } from "@/server/domain/facilities/knowledge-base";

import { callNewFacility, startCall } from "./call";
import { toolContext } from "./seed";

async function call() {
  const { org, facility, turn } = await callNewFacility({ from: "+15125550143" });
  return { org, facility, turn };
}

/** A new call to an organization's facility that is already seeded. */
async function call2(organizationId: string, facilityId: string) {
  return startCall(organizationId, facilityId, { from: "+15125550144" });
}

/** The seeded facility's entry about storing a vehicle. */
async function carEntry(organizationId: string, facilityId: string) {
  const [entry] = await withOrg(organizationId, (tx) =>
    tx
      .select()
      .from(knowledgeBaseEntry)
      .where(
        and(
          eq(knowledgeBaseEntry.facilityId, facilityId),
          eq(knowledgeBaseEntry.question, "Can I store a car or vehicle?"),
        ),
      ),
  );
  return entry;
}
describe("agent: knowledge-base answers", () => {
  it("says it is not sure about a question no entry answers and offers a person, instead of the entry sharing one word", async () => {
    const { turn } = await call();
    const r = await turn("can i sublet my unit to a friend");
    expect(r.reply).toMatch(/not sure about that one/);
    expect(r.reply).not.toMatch(/drive-up|vehicles/);
    expect(r.actions.find((a) => a.name === "facility_info")?.result).toMatchObject({ answers: [] });
    expect(r.state.offer).toBe("transfer");
    const yes = await turn("yes please");
    expect(yes.end).toEqual({ reason: "transfer", transferTo: "+15125550199", alsoRing: [] });
  });

  it("answers a policy question worded differently, and a Spanish one from the English entry", async () => {
    const { turn } = await call();
    expect((await turn("um is it okay if i keep my car there")).reply).toContain(
      "vehicles can be stored in drive-up units",
    );
    const { turn: turnEs } = await call();
    expect((await turnEs("¿puedo guardar mi carro?")).reply).toContain("vehicles can be stored in drive-up units");
  });

  it("a caller asking whether they may store a vehicle hears the facility's rule before the size; a rule that says no offers no unit", async () => {
    const { org, facility, turn } = await call();
    const yes = await turn("can i keep a car in one of the units");
    expect(yes.reply).toMatch(
      /^Yes, vehicles can be stored in drive-up units if they are registered and insured\. .*drive-up unit, at \$\d+/,
    );
    expect(yes.actions.map((a) => a.name)).toEqual(["facility_info", "search_availability", "get_quote"]);

    const entry = await carEntry(org.id, facility.id);
    await withOrg(org.id, (tx) =>
      saveKnowledgeBaseEntry(
        tx,
        org.id,
        { label: "test" },
        {
          facilityId: facility.id,
          kind: "policy",
          question: entry!.question,
          answer: "No, we can't store vehicles of any kind; the RV lot on Route 9 can.",
          tags: ["vehicles"],
        },
        entry!.id,
      ),
    );
    const { turn: again } = await call2(org.id, facility.id);
    const no = await again("can i keep a car in one of the units");
    expect(no.reply).toBe("No, we can't store vehicles of any kind; the RV lot on Route 9 can.");
    expect(no.actions.map((a) => a.name)).toEqual(["facility_info"]);
  });

  it("a Spanish caller hears the operator's Spanish answer, or the English one introduced as English; English callers are unchanged", async () => {
    const { org, facility, turn: turnEs } = await call();
    const englishOnly = await turnEs("¿puedo guardar mi carro?");
    expect(englishOnly.reply).toMatch(
      /^Tengo esta información solo en inglés: Yes, vehicles can be stored in drive-up units if they are registered and insured\. /,
    );
    const entry = await carEntry(org.id, facility.id);
    await withOrg(org.id, (tx) =>
      saveKnowledgeBaseEntry(
        tx,
        org.id,
        { label: "test" },
        { ...entry!, answerEs: "Sí, en bodegas con acceso en auto." },
        entry!.id,
      ),
    );
    const { turn: againEs } = await call2(org.id, facility.id);
    const spanish = await againEs("¿puedo guardar mi carro?");
    expect(spanish.reply).toMatch(/^Sí, en bodegas con acceso en auto\. /);
    expect(spanish.reply).not.toMatch(/solo en inglés|vehicles/);
    // The LLM brain gets the same text, with the language it is in.
    expect(spanish.actions.find((a) => a.name === "facility_info")?.result).toMatchObject({
      answers: [{ answer: "Sí, en bodegas con acceso en auto.", language: "es" }],
    });
    const { turn: again } = await call2(org.id, facility.id);
    expect((await again("can i keep a car in one of the units")).reply).toMatch(
      /^Yes, vehicles can be stored in drive-up units if they are registered and insured\. /,
    );
  });

  it("facility_info gives the office hours, not an entry, for an hours question asked as a question", async () => {
    const { org, facility } = await call();
    const r = await withOrg(org.id, (tx) =>
      runTool(toolContext(tx, org.id, facility.id), "facility_info", {
        topic: "question",
        question: "what time do you close",
      }),
    );
    expect(r).toMatchObject({ ok: true, answeredAs: "hours", answers: [], openNow: true });
    expect((r as { week: string }).week).toMatch(/6 ?PM|18:00/i);
  });
});
