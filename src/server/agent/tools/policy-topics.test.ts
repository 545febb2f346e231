import { describe, expect, it } from "vitest";

import { isOnTopic, operatorPolicies } from "./policy-topics";

const entry = (
  question: string,
  answer: string,
  extra: { kind?: string; facilityId?: string | null; tags?: string[] } = {},
) => ({
  id: question,
  question,
  answer,
  tags: extra.tags ?? [],
  kind: extra.kind ?? "policy",
  facilityId: extra.facilityId ?? null,
});

const RENT = entry("What do I need to rent a unit?", "A government-issued photo ID and a payment card.");
const PAY_ONLINE = entry("How do I pay online?", "Pay online at the portal.", { kind: "faq", facilityId: "f1" });
const PAYMENTS = entry("How can I pay my rent?", "We accept cards, checks and money orders, but not cash.");
const INSURANCE = entry("Is insurance required?", "Yes: every tenant must carry a plan or proof of insurance.", {
  facilityId: "f1",
});
const NOT_REQUIRED = entry("Do I need insurance?", "No, coverage is optional.");
const GATE = entry("Can I share my gate code?", "Your gate code is yours alone.", { tags: ["access"] });
const KB = [RENT, PAY_ONLINE, PAYMENTS, INSURANCE, GATE];

describe("the operator's policies by topic", () => {
  it("knows what an entry is about", () => {
    expect(isOnTopic(INSURANCE, "insurance")).toBe(true);
    expect(isOnTopic(RENT, "move_in")).toBe(true);
    expect(isOnTopic(RENT, "payments")).toBe(true); // it mentions a payment card…
    expect(isOnTopic(RENT, "payments", "head")).toBe(false); // …but is not about payments
    expect(isOnTopic(GATE, "access")).toBe(true);
    expect(isOnTopic(GATE, "insurance")).toBe(false);
  });

  it("gives the policy about the topic before an entry that only mentions it, and a policy before an FAQ", () => {
    expect(operatorPolicies(KB, "payments", "what forms of payment do you take", { standing: true })[0]?.question).toBe(
      "How can I pay my rent?",
    );
  });

  it("drops the yes of a rule said to another question, and keeps a no", () => {
    expect(operatorPolicies(KB, "insurance", "how much is the plan", { standing: true })[0]?.answer).toBe(
      "Every tenant must carry a plan or proof of insurance.",
    );
    expect(operatorPolicies([NOT_REQUIRED], "insurance", null, { standing: true })[0]?.answer).toBe(
      "No, coverage is optional.",
    );
  });

  it("answers an access question only with the rule that matches it, never a standing one", () => {
    expect(operatorPolicies(KB, "access", "what are your gate hours")).toEqual([]);
    expect(operatorPolicies(KB, "access", "can i share my gate code with my wife")[0]?.answer).toBe(
      "Your gate code is yours alone.",
    );
  });

  it("has nothing to say without an entry on the topic", () => {
    expect(operatorPolicies([RENT, GATE], "insurance", "is insurance mandatory", { standing: true })).toEqual([]);
  });

  it("never takes an entry that only mentions a payment card for the payment policy", () => {
    for (const question of [
      "can I pay with a credit card",
      "do you take cash",
      "what payment methods do you accept",
      null,
    ])
      expect(operatorPolicies([RENT, GATE], "payments", question, { standing: true }), String(question)).toEqual([]);
    expect(operatorPolicies([RENT, PAYMENTS], "payments", "can I pay with a credit card", { standing: true })).toEqual([
      { question: PAYMENTS.question, answer: PAYMENTS.answer, language: "en" },
    ]);
  });

  it("gives a Spanish caller the policy's Spanish answer when written, else the English one, marked as such", () => {
    const insuranceEs = { ...INSURANCE, answerEs: "Sí: todo inquilino debe tener un plan o un seguro propio." };
    expect(
      operatorPolicies([RENT, insuranceEs], "insurance", "¿es obligatorio el seguro?", {
        standing: true,
        language: "es",
      }),
    ).toEqual([
      // The leading "Sí:" goes like the English "Yes:".
      { question: INSURANCE.question, answer: "Todo inquilino debe tener un plan o un seguro propio.", language: "es" },
    ]);
    expect(
      operatorPolicies([RENT, INSURANCE], "insurance", "¿es obligatorio el seguro?", {
        standing: true,
        language: "es",
      }),
    ).toEqual([
      { question: INSURANCE.question, answer: "Every tenant must carry a plan or proof of insurance.", language: "en" },
    ]);
    expect(
      operatorPolicies([RENT, insuranceEs], "insurance", "is insurance required", { standing: true })[0],
    ).toMatchObject({
      answer: "Every tenant must carry a plan or proof of insurance.",
      language: "en",
    });
  });
});
