import { describe, expect, it } from "vitest";

import { simulateCall, simulateSms } from "@/server/channels/simulator/call";
import { inProcessTransport } from "@/server/channels/simulator/in-process";

import { callerFor } from "../factories";
import { waitFor } from "../jobs-harness";
import { orgWithVoiceNumber } from "./voice-helpers";

delete process.env.TWILIO_ACCOUNT_SID;
delete process.env.TWILIO_AUTH_TOKEN;

describe("call simulator and the calls router", () => {
  it("plays a gather call through the signed webhooks; calls.get shows the transcript with timings and tool calls", async () => {
    const s = await orgWithVoiceNumber();
    const r = await simulateCall({
      transport: inProcessTransport(),
      to: s.number,
      utterances: ["how much is a ten by ten", "thanks, goodbye"],
    });
    expect(r.mode).toBe("gather");
    expect(r.lines.map((l) => l.who)).toEqual(["agent", "caller", "agent", "caller", "agent", "system"]);
    expect(r.lines[2]!.text).toMatch(/dollars/);
    const owner = await callerFor(s.org.owner);
    const { call, messages } = await owner.calls.get({ id: r.conversationId! });
    expect(call).toMatchObject({
      channel: "voice",
      status: "ended",
      providerStatus: "completed",
      facilityName: "Oak Street Storage",
      toAddress: s.number,
      fromAddress: r.from,
    });
    expect(messages.map((m) => m.role)).toEqual(["agent", "caller", "agent", "caller", "agent"]);
    expect(messages[2]!.toolCalls!.map((t) => t.name)).toEqual(["search_availability", "get_quote"]);
    expect(messages[2]!.timings!.totalMs).toBeGreaterThan(0);
  });

  it("plays a relay-mode call over ConversationRelay messages, including a transfer hand-off", async () => {
    const s = await orgWithVoiceNumber({ voiceMode: "relay", transferPhone: "+15125550177" });
    const r = await simulateCall({
      transport: inProcessTransport(),
      to: s.number,
      utterances: ["do you have climate controlled units", "let me talk to a person"],
    });
    expect(r.mode).toBe("relay");
    expect(r.lines.at(-2)).toEqual({ who: "system", text: `transferred to +15125550177 (caller ID ${s.number})` });
    const owner = await callerFor(s.org.owner);
    expect((await owner.calls.get({ id: r.conversationId! })).call.outcome).toBe("transfer");
  });

  it("lists with filters and a stable cursor; the simulate mutation places a call on the organization's number", async () => {
    const s = await orgWithVoiceNumber();
    const owner = await callerFor(s.org.owner);
    const t = inProcessTransport();
    await simulateCall({ transport: t, to: s.number, utterances: ["what are your hours"] });
    await simulateCall({ transport: t, to: s.number, utterances: ["how much is a five by ten"] });
    await simulateSms({ transport: t, to: s.number, messages: ["hi do you have drive up units"] });
    const all = await owner.calls.list({});
    expect(all.items).toHaveLength(3);
    const voice = (await owner.calls.list({ channel: "voice" })).items;
    expect(voice).toHaveLength(2);
    expect((await owner.calls.list({ channel: "sms" })).items[0]).toMatchObject({
      channel: "sms",
      toAddress: s.number,
      facilityName: "Oak Street Storage",
    });
    expect((await owner.calls.list({ facilityId: crypto.randomUUID() })).items).toEqual([]);
    // The quoted caller's number is known, so that call ends as a lead (no caller lost); the hours call was answered.
    const answered = (await owner.calls.list({ outcome: "question_answered", channel: "voice" })).items;
    const leads = (await owner.calls.list({ outcome: "lead", channel: "voice" })).items;
    expect(answered).toHaveLength(1);
    expect(leads).toHaveLength(1);
    expect([answered[0]!.id, leads[0]!.id].sort()).toEqual(voice.map((i) => i.id).sort());
    expect((await owner.calls.list({ from: new Date(Date.now() + 60_000) })).items).toEqual([]);
    const page1 = await owner.calls.list({ limit: 2 });
    const page2 = await owner.calls.list({ limit: 2, cursor: page1.nextCursor });
    expect([...page1.items, ...page2.items].map((i) => i.id).sort()).toEqual(all.items.map((i) => i.id).sort());
    expect(page2.nextCursor).toBeNull();
    await expect(owner.calls.list({ cursor: "garbage" })).rejects.toThrow();

    const started = await owner.calls.simulate({ pauseMs: 0, utterances: ["what are your hours", "bye"] });
    expect(started).toMatchObject({ channel: "voice", to: s.number });
    const ended = await waitFor(
      async () =>
        (await owner.calls.list({ channel: "voice", status: "ended" })).items.find(
          (i) => i.fromAddress === started.from,
        ),
      "simulated call ended",
      20_000,
    );
    expect(ended.turnCount).toBe(2);
    expect(await owner.calls.realtime()).toEqual({ transport: "sse", url: "/api/realtime/stream" });
  });
});
