/**
 * "Do you do student discounts?", "what about military?": a discount for who the caller is, answered
 * from what the operator has on file (a promotion or a knowledge-base entry that names them), and
 * "not on file" with the office offered to confirm when nothing does; never the general special as
 * if it were theirs, nor a discount the data does not hold.
 */
import { describe, expect, it } from "vitest";

import { withOrg } from "@/server/db/client";
import { saveKnowledgeBaseEntry } from "@/server/domain/facilities/knowledge-base";
import { saveRateItem } from "@/server/domain/rates/save-rate-item";

import { seedOrganization } from "../factories";
import { startCall } from "./call";
import { seedAgentFacility } from "./seed";

const ACTOR = { label: "test" };

async function callWith(extra: { promotion?: string; entry?: { question: string; answer: string } } = {}) {
  const org = await seedOrganization();
  const { facility } = await seedAgentFacility(org.id);
  await withOrg(org.id, async (tx) => {
    if (extra.promotion)
      await saveRateItem(tx, org.id, ACTOR, "promotion", {
        facilityId: facility.id,
        name: extra.promotion,
        kind: "percent_off",
        value: 1000,
        months: 3,
      });
    if (extra.entry)
      await saveKnowledgeBaseEntry(tx, org.id, ACTOR, {
        facilityId: facility.id,
        kind: "faq",
        tags: [],
        ...extra.entry,
      });
  });
  return startCall(org.id, facility.id);
}

describe("agent: discounts for students, military, seniors", () => {
  it("nothing on file: said so, the specials there are named as such, the office offered", async () => {
    const { turn } = await callWith();
    const r = await turn("do you do student discounts");
    expect(r.reply).toMatch(
      /^I don't have a student discount on file here\. The specials we have right now are: First month \$1/,
    );
    expect(r.reply).toMatch(/office confirm/);
    expect(r.state.offer).toBe("message");
    // "what about military?" right after is another audience, not "Sorry, I didn't catch that".
    const next = await turn("what about military");
    expect(next.reply).toMatch(/^I don't have a military discount on file here\./);
    // A yes takes a message about it.
    const yes = await turn("yes");
    expect(yes.state.flow).toBe("message");
    expect(yes.state.slots.message).toBe("Asked whether there is a military discount.");
  });

  it("a promotion that names them is the answer", async () => {
    const { turn } = await callWith({ promotion: "Military 10% off" });
    const r = await turn("is there a military discount?");
    expect(r.reply).toBe("Yes, we have: Military 10% off. Anything else I can help with?");
    const other = await turn("what about seniors");
    expect(other.reply).toMatch(
      /^I don't have a senior discount on file here\. The specials we have right now are: .*Military 10% off/,
    );
  });

  it("the operator's entry on it is the answer", async () => {
    const { turn } = await callWith({
      entry: {
        question: "Do you offer a student discount?",
        answer: "Yes: 10% off for the first three months with a valid student ID.",
      },
    });
    const r = await turn("do you guys have a discount for college students");
    expect(r.reply).toBe(
      "Yes: 10% off for the first three months with a valid student ID. Anything else I can help with?",
    );
  });

  it("a size asked with it is still a price", async () => {
    const { turn } = await callWith();
    const r = await turn("i'm a student, how much is a 5x10");
    expect(r.reply).toMatch(/\$70\/mo/);
  });
});
