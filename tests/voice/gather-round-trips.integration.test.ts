// The counter wraps pg's Client.query before the pool opens its first connection.
import { sentIn, type Sent } from "../round-trips";

import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { POST as gatherWebhook } from "@/app/api/twilio/voice/gather/route";
import { POST as voiceWebhook } from "@/app/api/twilio/voice/route";
import { find, spoken } from "@/server/channels/simulator/twiml-parse";
import { db } from "@/server/db/client";
import { conversation } from "@/server/db/schema";

import { twilioPost } from "../twilio-webhooks";
import {
  conversationBySid,
  incomingCallParams,
  messagesOf,
  orgWithVoiceNumber,
  postTo,
  twiml,
  voiceWebhookTests,
} from "./voice-helpers";

voiceWebhookTests();

async function counted<T>(fn: () => Promise<T>): Promise<{ result: T; sent: Sent }> {
  const sent: Sent = { statements: 0, roundTrips: 0 };
  const result = await sentIn.run(sent, fn);
  return { result, sent };
}

/**
 * A <Gather> result after the call's first needs no statement before the turn: the call's identity
 * (organization, CallSid, signing account) is remembered by the process that read it
 * (channels/voice/call-lookup.ts), and the turn's own row lock reads whatever changes.
 */
describe("round trips of a <Gather> result", () => {
  it("the call's first result reads the call; the next are the turn's two round trips", async () => {
    const s = await orgWithVoiceNumber();
    const params = incomingCallParams({ to: s.number });
    const callSid = params.CallSid!;
    let gather = find(await twiml(await voiceWebhook(twilioPost("/api/twilio/voice", params))), "Gather")!;
    const say = async (body: Record<string, string>) => {
      const out = await twiml(await gatherWebhook(postTo(gather.attrs.action!, { CallSid: callSid, ...body })));
      gather = find(out, "Gather") ?? gather;
      return out;
    };
    // The first fills the organization's caches and this process's memory of the call.
    const first = await counted(() => say({ SpeechResult: "what are your office hours" }));
    const { result, sent } = await counted(() => say({ SpeechResult: "what are your office hours" }));
    expect(spoken(result).join(" ")).toMatch(/open/i);
    // BEGIN with the row lock; the turn's store with COMMIT behind it. Nothing before them.
    expect(sent).toEqual({ statements: 4, roundTrips: 2 });
    // (The first also filled the organization's config caches.)
    expect(first.sent.roundTrips).toBeGreaterThan(sent.roundTrips);

    // Keypad input reads the call as it is now (its language), as before: one statement more.
    const keyed = await counted(() => say({ Digits: "2" }));
    expect(keyed.sent.roundTrips).toBe(3);

    // A remembered call is still checked: a forged signature is refused, another CallSid gets no turn.
    const before = (await messagesOf((await conversationBySid(s.org.id, callSid))!.id)).length;
    const forged = await gatherWebhook(
      postTo(gather.attrs.action!, { CallSid: callSid, SpeechResult: "hi" }, { signature: "Zm9yZ2Vk" }),
    );
    expect(forged.status).toBe(403);
    const other = await twiml(
      await gatherWebhook(postTo(gather.attrs.action!, { CallSid: `CA${"1".repeat(32)}`, SpeechResult: "hi" })),
    );
    expect(find(other, "Hangup")).not.toBeNull();
    expect(await messagesOf((await conversationBySid(s.org.id, callSid))!.id)).toHaveLength(before);
  });

  it("a caller who switched to Spanish hears silence re-prompted in Spanish on a remembered call", async () => {
    const s = await orgWithVoiceNumber();
    const params = incomingCallParams({ to: s.number });
    let gather = find(await twiml(await voiceWebhook(twilioPost("/api/twilio/voice", params))), "Gather")!;
    const say = async (body: Record<string, string>) => {
      const out = await twiml(await gatherWebhook(postTo(gather.attrs.action!, { CallSid: params.CallSid!, ...body })));
      gather = find(out, "Gather") ?? gather;
      return out;
    };
    await say({ SpeechResult: "what are your office hours" }); // remembered from here
    const conv = (await conversationBySid(s.org.id, params.CallSid!))!;
    await db.update(conversation).set({ language: "es" }).where(eq(conversation.id, conv.id));
    const quiet = await say({ SpeechResult: "" });
    expect(find(quiet, "Say")!.attrs.language).toBe("es-US");
    expect(spoken(quiet).join(" ")).not.toMatch(/didn't catch/);
  });
});
