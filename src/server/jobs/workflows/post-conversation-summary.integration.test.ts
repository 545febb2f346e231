import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { env } from "@/env";
import { db } from "@/server/db/client";
import { conversation, message, type ToolCallRecord } from "@/server/db/schema";
import { startPostConversation } from "@/server/jobs/calls";
import { workflowAdmin } from "@/server/jobs/client";

import { callerFor } from "../../../../tests/factories";
import { startFakeOpenAI, type FakeOpenAI, type FakeReply } from "../../../../tests/fakes/openai-server";
import { seedLeadWithNumber, setUpWorkflowTests, type LeadSetup } from "../../../../tests/jobs-harness";

/**
 * The after-conversation summary (issue 6): written by the organization's model through the fake
 * OpenAI server when one is configured, built from the turns otherwise or when the model fails or
 * is slow; never with a card number or a gate code, neither in what the model is shown nor in what
 * is stored.
 */
setUpWorkflowTests({ timeScale: 0.05 });
let openai: FakeOpenAI;
let reply: FakeReply = { kind: "text", text: "" };
const saved = { OPENAI_API_KEY: env.OPENAI_API_KEY, AGENT_LLM_SUMMARY_TIMEOUT_MS: env.AGENT_LLM_SUMMARY_TIMEOUT_MS };
beforeAll(async () => {
  openai = await startFakeOpenAI(() => reply);
});
beforeEach(() => {
  // Only the organizations that set a model below have one.
  Object.assign(env, { OPENAI_API_KEY: undefined, AGENT_LLM_SUMMARY_TIMEOUT_MS: 15_000 });
});
afterAll(async () => {
  Object.assign(env, saved);
  await openai.close();
});

const CARD = "4111 1111 1111 1111";
const GATE = "48213";
const getAccount: ToolCallRecord = {
  name: "get_account",
  args: { include: ["gate_code"] },
  result: { ok: true, gateCodes: [{ unitNumber: "B12", gateCode: GATE }] },
  ok: true,
  ms: 4,
};

async function endedCall(s: LeadSetup) {
  const [c] = await db
    .insert(conversation)
    .values({
      organizationId: s.org.id,
      facilityId: s.facilityId,
      channel: "voice",
      fromAddress: s.phone,
      toAddress: s.senderNumber,
      customerId: s.customerId,
      status: "ended",
      durationSeconds: 95,
      endedAt: new Date(),
    })
    .returning();
  await db.insert(message).values([
    {
      organizationId: s.org.id,
      conversationId: c!.id,
      seq: 1,
      role: "agent",
      text: "Thanks for calling, how can I help?",
    },
    // Written straight to the table, past the engine's redaction: the summary must still drop it.
    {
      organizationId: s.org.id,
      conversationId: c!.id,
      seq: 2,
      role: "caller",
      text: `I can't get in, my card is ${CARD} if you need it`,
      intent: "gate_code_request",
    },
    {
      organizationId: s.org.id,
      conversationId: c!.id,
      seq: 3,
      role: "agent",
      text: `For unit B12, your gate code is ${GATE}.`,
      toolCalls: [getAccount],
    },
    {
      organizationId: s.org.id,
      conversationId: c!.id,
      seq: 4,
      role: "caller",
      text: "Thanks, also how much is a 10x10?",
    },
  ]);
  return c!.id;
}

async function useModel(s: LeadSetup) {
  const owner = await callerFor(s.org.owner);
  await owner.agent.updateSettings({
    brain: "llm",
    model: "summary-model",
    baseUrl: openai.url,
    apiKey: "sk-summary-test-0123456789",
  });
}

async function finish(s: LeadSetup, conversationId: string) {
  const id = await startPostConversation(conversationId, s.org.id);
  const out = (await (await workflowAdmin()).retrieveWorkflow(id).getResult()) as { summary: string };
  const [row] = await db.select().from(conversation).where(eq(conversation.id, conversationId));
  expect(row!.summary).toBe(out.summary);
  return out.summary;
}

const TURN_BASED =
  /^Caller (had their questions answered|hung up).*Opened with: "I can't get in, my card is \[card number\]/;

describe("after-conversation summary", () => {
  it("is written by the organization's model, which never sees a card number or a gate code, and says none", async () => {
    const s = await seedLeadWithNumber();
    await useModel(s);
    const c = await endedCall(s);
    reply = {
      kind: "text",
      text: `Existing tenant of unit B12 could not get in; the agent verified them and gave gate code ${GATE}. They offered card ${CARD}. They also asked the price of a 10x10.`,
    };
    const before = openai.requests.length;

    const summary = await finish(s, c);
    expect(summary).toBe(
      "Existing tenant of unit B12 could not get in; the agent verified them and gave gate code [gate code]. They offered card [card number]. They also asked the price of a 10x10.",
    );
    expect(openai.requests).toHaveLength(before + 1);
    const sent = JSON.stringify(openai.requests.at(-1));
    expect(sent).toContain("summary-model");
    expect(sent).toContain("how much is a 10x10");
    expect(sent).not.toContain(GATE);
    expect(sent).not.toMatch(/4111[\s-]?1111/);
  }, 90_000);

  it("falls back to the turn-based summary when the model fails", async () => {
    const s = await seedLeadWithNumber();
    await useModel(s);
    reply = { kind: "status", status: 500 };
    const summary = await finish(s, await endedCall(s));
    expect(summary).toMatch(TURN_BASED);
    expect(summary).not.toContain(GATE);
  }, 90_000);

  it("does not wait for a model that hangs longer than its budget", async () => {
    const s = await seedLeadWithNumber();
    await useModel(s);
    env.AGENT_LLM_SUMMARY_TIMEOUT_MS = 1_000;
    reply = { kind: "hang" };
    const started = Date.now();
    const summary = await finish(s, await endedCall(s));
    expect(summary).toMatch(TURN_BASED);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 90_000);

  it("is built from the turns, without asking any model, when none is configured", async () => {
    const s = await seedLeadWithNumber();
    const before = openai.requests.length;
    const summary = await finish(s, await endedCall(s));
    expect(summary).toMatch(TURN_BASED);
    expect(openai.requests).toHaveLength(before);
  }, 90_000);
});
