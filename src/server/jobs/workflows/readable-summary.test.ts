import { describe, expect, it } from "vitest";

import { buildSummary } from "./post-conversation-steps";

const call = (name: string, args: Record<string, unknown>, result: Record<string, unknown>) => ({
  name,
  args,
  result: { ok: true, ...result },
  ok: true,
  ms: 1,
});

describe("turn-based call summary (issue 21)", () => {
  it("says what happened, not intent labels: the quote, that nothing was booked, the name left", () => {
    const summary = buildSummary("voice", "lead", [
      { role: "caller", text: "how much is a ten by ten", intent: "price_inquiry", tools: [] },
      {
        role: "agent",
        text: "A 10x10 climate-controlled unit is $149/mo.",
        intent: "price_inquiry",
        tools: ["search_availability", "get_quote"],
        calls: [call("get_quote", {}, { unitTypeName: "10x10 Climate", monthlyRateCents: 14900 })],
      },
      {
        role: "agent",
        text: "Thanks, Sam!",
        intent: "provide_info",
        tools: ["capture_lead"],
        calls: [call("capture_lead", { name: "Sam Ortiz" }, { leadId: "x" })],
      },
      {
        role: "agent",
        text: "Our office is open…",
        intent: "hours_inquiry",
        tools: ["facility_info"],
        calls: [call("facility_info", { topic: "hours" }, {})],
      },
    ]);
    expect(summary).toBe(
      "Sam Ortiz asked the price of a 10x10 Climate, quoted $149/mo; did not book. Also asked about the office hours.",
    );
  });

  it("quotes a message left", () => {
    const summary = buildSummary("voice", "message", [
      {
        role: "agent",
        text: "Thank you, I've passed your message…",
        intent: null,
        tools: ["take_message"],
        calls: [call("take_message", { name: "Ana Ruiz", message: "call me about my bill" }, { taskId: "t" })],
      },
    ]);
    expect(summary).toBe('Ana Ruiz left a message: "call me about my bill".');
  });
});
