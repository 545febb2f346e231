/**
 * What outside testers heard from the front desk's sales answers, said right: plurals built from a
 * size and its features ("10x20 units with power", never "unit with powers").
 */
import { describe, expect, it } from "vitest";

import { respond, startConversation } from "@/server/agent/engine";

import { seedOrganization } from "../factories";
import { OPEN_NOW, seedAgentFacility } from "./seed";

async function call() {
  const org = await seedOrganization();
  const { facility } = await seedAgentFacility(org.id);
  const start = await startConversation({
    organizationId: org.id,
    channel: "voice",
    facilityId: facility.id,
    fromAddress: "+15125550177",
    now: OPEN_NOW,
  });
  return (text: string) =>
    respond({ organizationId: org.id, conversationId: start.conversationId, text, now: OPEN_NOW, brain: "default" });
}

describe("agent: sales answers", () => {
  it("a size with a feature said after the noun is plural on the noun", async () => {
    const turn = await call();
    const r = await turn("do you have any ten by twenty units with power available");
    expect(r.reply).toContain("Sorry, we have no 10x20 units with power available right now.");
    expect(r.reply).not.toMatch(/powers/);
  });

  it("units said to be available are plural in Spanish too", async () => {
    const turn = await call();
    const r = await turn("¿tienen unidades de diez por veinte disponibles?");
    expect(r.reply).toContain("Sí, tenemos unidades de 10x20 con acceso en auto disponibles a $200/mo.");
  });
});
