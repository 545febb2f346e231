/**
 * Payment questions (testers playing callers): "do you take cash", "can I pay with a credit card",
 * "what payment methods do you accept" heard the move-in checklist ("A government-issued photo ID and
 * a payment card"), the only entry mentioning a payment, and "can I pay online" started a
 * verification. They hear the facility's own payment entry; without one, that the office can confirm,
 * and a card by secure link only when the organization takes card payments.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { withOrg } from "@/server/db/client";
import { knowledgeBaseEntry } from "@/server/db/schema";
import { deleteKnowledgeBaseEntry, saveKnowledgeBaseEntry } from "@/server/domain/facilities/knowledge-base";

import { seedOrganization } from "../factories";
import { startStripeHarness, type StripeHarness } from "../fakes/stripe-harness";
import { connectedOrg } from "../payments/helpers";
import { startCall } from "./call";
import { seedAgentFacility } from "./seed";

const ACTOR = { label: "test" };
const RENT = {
  kind: "policy" as const,
  question: "What do I need to rent a unit?",
  answer: "A government-issued photo ID and a payment card. Bring your own lock or buy one at the office.",
  tags: ["move-in"],
};
const QUESTIONS = ["do you take cash", "can I pay with a credit card", "what payment methods do you accept"];

let h: StripeHarness | undefined;
afterAll(async () => {
  await h?.close();
});

/**
 * The test facility with the move-in checklist in its knowledge base, and without its "How do I pay
 * online?" entry unless `payOnline`.
 */
async function facilityOf(orgId: string, opts: { payOnline?: boolean } = {}) {
  const { facility } = await seedAgentFacility(orgId);
  await withOrg(orgId, async (tx) => {
    await saveKnowledgeBaseEntry(tx, orgId, ACTOR, { facilityId: facility.id, ...RENT });
    if (opts.payOnline) return;
    const [payOnline] = await tx
      .select()
      .from(knowledgeBaseEntry)
      .where(
        and(eq(knowledgeBaseEntry.organizationId, orgId), eq(knowledgeBaseEntry.question, "How do I pay online?")),
      );
    await deleteKnowledgeBaseEntry(tx, orgId, ACTOR, payOnline!.id);
  });
  // Each question on a call of its own.
  return async (text: string) => (await startCall(orgId, facility.id, { from: "+15125550142" })).turn(text);
}

const notTheChecklist = (reply: string) => expect(reply).not.toMatch(/photo ID|lock/i);

describe("agent: which payments are taken", () => {
  it.each(QUESTIONS)("without a payment entry, %j hears that the office can confirm", async (question) => {
    const ask = await facilityOf((await seedOrganization()).id);
    const t = await ask(question);
    notTheChecklist(t.reply);
    expect(t.reply).toContain("I don't have the payment methods on file");
    expect(t.reply).not.toContain("secure link"); // this organization takes no card payments
    expect(t.state.offer).toBe("transfer");
    expect(t.actions.map((a) => a.name)).not.toContain("verify_caller");
  });

  it("gives the facility's own payment policy when it has one", async () => {
    const org = await seedOrganization();
    const ask = await facilityOf(org.id);
    // The organization's policy, for all its facilities.
    await withOrg(org.id, (tx) =>
      saveKnowledgeBaseEntry(tx, org.id, ACTOR, {
        facilityId: null,
        kind: "policy",
        question: "How can I pay my rent?",
        answer: "We accept credit and debit cards, checks and money orders, but not cash.",
        tags: ["payments"],
      }),
    );
    for (const question of QUESTIONS) {
      const t = await ask(question);
      expect(t.reply, question).toContain("but not cash");
      notTheChecklist(t.reply);
    }
  });

  it("'can I pay online' is the facility's online payment page, not a verification", async () => {
    const ask = await facilityOf((await seedOrganization()).id, { payOnline: true });
    const t = await ask("can I pay online");
    expect(t.reply).toContain("Pay online at https://pay.example.test/oak");
    expect(t.state.flow).toBeNull();
    const cash = await ask("do you take cash");
    // The page says nothing of cash: the office confirms the rest.
    expect(cash.reply).toContain("Pay online at https://pay.example.test/oak");
    expect(cash.reply).toContain("For other ways to pay, the office can confirm");
  });

  describe("an organization that takes card payments", () => {
    beforeAll(async () => {
      h = await startStripeHarness();
    });

    it("offers a card through a secure link, and the office for the rest", async () => {
      const { org } = await connectedOrg(h!);
      const ask = await facilityOf(org.id);
      const t = await ask("do you take cash");
      notTheChecklist(t.reply);
      expect(t.reply).toContain("Tenants can pay by card through a secure link");
    });
  });
});
