import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { POST as voiceWebhook } from "@/app/api/twilio/voice/route";
import { updateAgentSettings } from "@/server/agent/llm/org-settings";
import { RelaySession, type RelayOutgoing } from "@/server/channels/voice/relay-session";

import { startFakeOpenAI, type FakeOpenAI } from "../fakes/openai-server";
import { twilioPost } from "../twilio-webhooks";
import { conversationBySid, incomingCallParams, messagesOf, orgWithVoiceNumber } from "./voice-helpers";

/**
 * Barge-in while the reply is still streaming (ConversationRelay `interrupt` mid-reply): the model
 * streams slowly from the fake OpenAI server, the caller cuts in after the first sentence, and from
 * then on nothing more is sent for that reply, and the stored agent turn is what the caller heard.
 */
delete process.env.TWILIO_ACCOUNT_SID;
delete process.env.TWILIO_AUTH_TOKEN;

const REPLY =
  "Sure thing. We have several sizes at this location. Most people moving a one-bedroom start with a medium unit. Shall I check what is open today?";
let fake: FakeOpenAI;
beforeAll(async () => {
  // Six characters every 25 ms: the whole reply takes about 0.6 s to stream.
  fake = await startFakeOpenAI((req) =>
    req.messages.at(-1)?.content?.includes("hours")
      ? { kind: "text", text: "We are open nine to six today." }
      : { kind: "text", text: REPLY, chunkSize: 6, delayMs: 25 },
  );
});
afterAll(() => fake.close());

async function relayCallWithLlm() {
  const s = await orgWithVoiceNumber({ voiceMode: "relay" });
  await updateAgentSettings({
    organizationId: s.org.id,
    actor: { label: "test" },
    brain: "llm",
    model: "fake-model",
    baseUrl: fake.url,
    apiKey: "sk-barge-in-test-key",
  });
  const params = incomingCallParams({ to: s.number });
  expect((await voiceWebhook(twilioPost("/api/twilio/voice", params))).status).toBe(200);
  const conv = (await conversationBySid(s.org.id, params.CallSid!))!;
  return { callSid: params.CallSid!, conversationId: conv.id };
}

describe("ConversationRelay barge-in mid-reply", () => {
  it("stops streaming at the interrupt and stores the reply truncated at utteranceUntilInterrupt", async () => {
    const call = await relayCallWithLlm();
    const sent: RelayOutgoing[] = [];
    let firstSentence!: () => void;
    const spoken = new Promise<void>((r) => (firstSentence = r));
    const session = new RelaySession(
      {
        send: (m) => {
          sent.push(m);
          if (m.type === "text" && m.token.trim()) firstSentence();
        },
        close: () => {},
      },
      call.conversationId,
      { fillerAfterMs: 60_000 },
    );
    await session.handle(
      JSON.stringify({
        type: "setup",
        callSid: call.callSid,
        customParameters: { conversationId: call.conversationId },
      }),
    );
    const requestsBefore = fake.requests.length;
    const turnDone = session.handle(
      JSON.stringify({
        type: "prompt",
        voicePrompt: "what size do i need for a one bedroom",
        lang: "en-US",
        last: true,
      }),
    );

    // The first sentence is out while the model is still writing the rest: the caller cuts in.
    await spoken;
    expect(sent).toEqual([{ type: "text", token: "Sure thing. ", last: false }]);
    const atInterrupt = sent.length;
    const heard = "Sure thing. We have sev";
    const interruptDone = session.handle(
      JSON.stringify({ type: "interrupt", utteranceUntilInterrupt: heard, durationUntilInterruptMs: 900 }),
    );
    await turnDone;
    await interruptDone;

    // Nothing more for the interrupted reply: no further sentence and no last:true.
    expect(sent.slice(atInterrupt)).toEqual([]);
    expect(fake.requests.length).toBe(requestsBefore + 1);
    const msgs = await messagesOf(call.conversationId);
    expect(msgs.map((m) => [m.seq, m.role])).toEqual([
      [1, "agent"],
      [2, "caller"],
      [3, "agent"],
    ]);
    expect(msgs[2]).toMatchObject({ text: heard, interrupted: true, brain: "llm" });

    // The caller's next words are a new turn; the cut reply stays as heard.
    const before = sent.length;
    await session.handle(
      JSON.stringify({ type: "prompt", voicePrompt: "what are your hours", lang: "en-US", last: true }),
    );
    const next = sent.slice(before).filter((m) => m.type === "text");
    expect(next.at(-1)).toMatchObject({ last: true });
    expect(
      next
        .map((m) => (m.type === "text" ? m.token : ""))
        .join("")
        .trim(),
    ).toBe("We are open nine to six today.");
    const after = await messagesOf(call.conversationId);
    expect(after.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(after[2]).toMatchObject({ text: heard, interrupted: true });
    expect(after[4]).toMatchObject({ interrupted: false });
  });
});
