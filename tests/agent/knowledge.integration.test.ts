/**
 * Knowledge-base answers through the engine and the facility_info tool (issue 4): a question no entry
 * answers gets "not sure" and an offer of a person, never the nearest entry; a Spanish question finds
 * the English entry; an hours question asked as a knowledge-base question gets the hours.
 */
import { describe, expect, it } from "vitest";

import { respond, startConversation } from "@/server/agent/engine";
import { runTool } from "@/server/agent/tools";
import { withOrg } from "@/server/db/client";

import { seedOrganization } from "../factories";
import { OPEN_NOW, seedAgentFacility, toolContext } from "./seed";

async function call() {
  const org = await seedOrganization();
  const { facility } = await seedAgentFacility(org.id);
  const start = await startConversation({ organizationId: org.id, channel: "voice", facilityId: facility.id, fromAddress: "+15125550143", now: OPEN_NOW });
  const turn = (text: string) => respond({ organizationId: org.id, conversationId: start.conversationId, text, now: OPEN_NOW, brain: "default" });
  return { org, facility, turn };
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
    expect(yes.end).toEqual({ reason: "transfer", transferTo: "+15125550199" });
  });

  it("answers a policy question worded differently, and a Spanish one from the English entry", async () => {
    const { turn } = await call();
    expect((await turn("um is it okay if i keep my car there")).reply).toContain("vehicles can be stored in drive-up units");
    const { turn: turnEs } = await call();
    expect((await turnEs("¿puedo guardar mi carro?")).reply).toContain("vehicles can be stored in drive-up units");
  });

  it("facility_info gives the office hours, not an entry, for an hours question asked as a question", async () => {
    const { org, facility } = await call();
    const r = await withOrg(org.id, (tx) =>
      runTool(
        toolContext(tx, org.id, facility.id),
        "facility_info",
        { topic: "question", question: "what time do you close" },
      ),
    );
    expect(r).toMatchObject({ ok: true, answeredAs: "hours", answers: [], openNow: true });
    expect((r as { week: string }).week).toMatch(/6 ?PM|18:00/i);
  });
});
