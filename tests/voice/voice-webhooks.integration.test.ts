import { randomUUID } from "node:crypto";

import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { POST as gatherWebhook } from "@/app/api/twilio/voice/gather/route";
import { POST as dialActionWebhook } from "@/app/api/twilio/voice/dial-action/route";
import { POST as relayActionWebhook } from "@/app/api/twilio/voice/relay-action/route";
import { POST as voiceWebhook } from "@/app/api/twilio/voice/route";
import { POST as statusWebhook } from "@/app/api/twilio/voice-status/route";
import { find, parseTwiml, spoken, type TwimlNode } from "@/server/channels/simulator/twiml-parse";
import { db } from "@/server/db/client";
import { conversation, facility, message } from "@/server/db/schema";
import { workflowAdmin } from "@/server/jobs/client";
import { workflowIds } from "@/server/jobs/names";

import { twilioSignature } from "../fakes/twilio-server";
import { randomSid, randomUsNumber, twilioPost } from "../twilio-webhooks";
import {
  conversationBySid,
  conversationsOf,
  incomingCallParams,
  messagesOf,
  orgWithVoiceNumber,
  postTo,
  type VoiceSetup,
  voiceWebhookTests,
} from "./voice-helpers";

// Twilio is not configured here: webhooks are signed with the local key the call simulator uses.
voiceWebhookTests();

async function twiml(res: Response): Promise<TwimlNode> {
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/xml");
  return parseTwiml(await res.text());
}

/** Places a call: the incoming-call webhook, then returns helpers to answer each <Gather>. */
async function placeCall(s: VoiceSetup, from = randomUsNumber(650)) {
  const params = incomingCallParams({ to: s.number, from });
  const doc = await twiml(await voiceWebhook(twilioPost("/api/twilio/voice", params)));
  let gather = find(doc, "Gather");
  const callSid = params.CallSid!;
  return {
    callSid,
    params,
    doc,
    get gather() {
      return gather;
    },
    /** Answers the current <Gather> as Twilio would (SpeechResult or Digits), following its action. */
    async say(result: { SpeechResult?: string; Digits?: string }, opts: { keepGather?: boolean } = {}) {
      if (!gather) throw new Error("no <Gather> to answer");
      const body: Record<string, string> = {
        CallSid: callSid,
        AccountSid: params.AccountSid!,
        From: from,
        To: s.number,
        CallStatus: "in-progress",
        ...(result.SpeechResult !== undefined ? { SpeechResult: result.SpeechResult, Confidence: "0.92" } : {}),
        ...(result.Digits !== undefined ? { Digits: result.Digits } : {}),
      };
      const action = gather.attrs.action!;
      const req = () => gatherWebhook(postTo(action, body));
      const out = await twiml(await req());
      if (!opts.keepGather) gather = find(out, "Gather");
      return { doc: out, retry: req };
    },
  };
}

describe("incoming-call webhook", () => {
  it("answers a signed call with a greeting inside <Gather input=speech dtmf> and opens the conversation once", async () => {
    const s = await orgWithVoiceNumber();
    const call = await placeCall(s);
    const g = call.gather!;
    expect(g.attrs).toMatchObject({
      input: "speech dtmf",
      method: "POST",
      actionOnEmptyResult: "true",
      speechTimeout: "auto",
      language: "en-US",
    });
    const conv = await conversationBySid(s.org.id, call.callSid);
    expect(conv).toMatchObject({ channel: "voice", facilityId: s.facilityId, toAddress: s.number, status: "active" });
    expect(g.attrs.action).toBe(`http://localhost:3000/api/twilio/voice/gather?c=${conv!.id}&t=1`);
    expect(spoken(g)[0]).toContain("Oak Street Storage");

    // Twilio retries the webhook: the same conversation, the same greeting.
    const again = await twiml(await voiceWebhook(twilioPost("/api/twilio/voice", call.params)));
    expect(find(again, "Gather")!.attrs.action).toBe(g.attrs.action);
    expect((await conversationsOf(s.org.id)).length).toBe(1);
    expect(await messagesOf(conv!.id)).toHaveLength(1);
  });

  it("refuses forged, unsigned and tampered requests with 403 and writes nothing; malformed ones get 400", async () => {
    const s = await orgWithVoiceNumber();
    const params = incomingCallParams({ to: s.number });
    const forged = twilioSignature("some-other-token-xxxxxxxx", "http://localhost:3000/api/twilio/voice", params);
    expect((await voiceWebhook(twilioPost("/api/twilio/voice", params, { signature: forged }))).status).toBe(403);
    expect((await voiceWebhook(twilioPost("/api/twilio/voice", params, { signature: null }))).status).toBe(403);
    const tampered = twilioPost(
      "/api/twilio/voice",
      { ...params, From: "+15550000000" },
      { rawBody: new URLSearchParams(params).toString() },
    );
    expect((await voiceWebhook(tampered)).status).toBe(403);
    const { CallSid: _drop, ...noSid } = params;
    expect((await voiceWebhook(twilioPost("/api/twilio/voice", noSid))).status).toBe(400);
    expect((await voiceWebhook(twilioPost("/api/twilio/voice", { ...params, CallSid: "CA-not-a-sid" }))).status).toBe(
      400,
    );
    expect(
      (
        await voiceWebhook(
          twilioPost("/api/twilio/voice", params, { contentType: "application/json", rawBody: JSON.stringify(params) }),
        )
      ).status,
    ).toBe(400);
    expect(await conversationsOf(s.org.id)).toEqual([]);
  });

  it("says the number is not in service (not an application error) for a number nobody has", async () => {
    const doc = await twiml(
      await voiceWebhook(twilioPost("/api/twilio/voice", incomingCallParams({ to: randomUsNumber(307) }))),
    );
    expect(spoken(doc)[0]).toMatch(/not in service/);
    expect(find(doc, "Hangup")).not.toBeNull();
  });

  it("answers a relay-mode number with <Connect><ConversationRelay> to our WebSocket", async () => {
    const s = await orgWithVoiceNumber({ voiceMode: "relay" });
    const params = incomingCallParams({ to: s.number });
    const doc = await twiml(await voiceWebhook(twilioPost("/api/twilio/voice", params)));
    const conv = await conversationBySid(s.org.id, params.CallSid!);
    const connect = find(doc, "Connect")!;
    expect(connect.attrs.action).toBe(`http://localhost:3000/api/twilio/voice/relay-action?c=${conv!.id}`);
    const relay = find(connect, "ConversationRelay")!;
    expect(relay.attrs).toMatchObject({
      url: `ws://localhost:3000/api/twilio/relay?c=${conv!.id}`,
      interruptible: "any",
    });
    expect(relay.attrs.welcomeGreeting).toContain("Oak Street Storage");
    expect(
      relay.children.filter((c) => c.name === "Parameter").map((p) => [p.attrs.name, p.attrs.value]),
    ).toContainEqual(["conversationId", conv!.id]);
  });
});

describe("gather webhook", () => {
  it("takes one agent turn per result, and Twilio's retry of a result never takes a second", async () => {
    const s = await orgWithVoiceNumber();
    const call = await placeCall(s);
    const { doc, retry } = await call.say({ SpeechResult: "how much is a ten by ten" });
    const reply = spoken(doc).join(" ");
    expect(reply).toMatch(/one hundred (twenty|ten) dollars/);
    const conv = (await conversationBySid(s.org.id, call.callSid))!;
    expect(call.gather!.attrs.action).toBe(`http://localhost:3000/api/twilio/voice/gather?c=${conv.id}&t=2`);
    const again = await twiml(await retry());
    expect(spoken(again).join(" ")).toBe(reply);
    const msgs = await messagesOf(conv.id);
    expect(msgs.map((m) => m.role)).toEqual(["agent", "caller", "agent"]);
    expect(msgs[1]).toMatchObject({ text: "how much is a ten by ten", idempotencyKey: `${call.callSid}:1` });
  });

  it("re-prompts on silence, then offers a person, then says goodbye, without storing turns", async () => {
    const s = await orgWithVoiceNumber();
    const call = await placeCall(s);
    const first = await call.say({ SpeechResult: "" });
    // The greeting's question again.
    expect(spoken(first.doc)[0]).toMatch(/^Sorry, I didn't catch that\. How can I help you today\?$/);
    expect(call.gather!.attrs.action).toMatch(/t=1&e=1$/);
    const second = await call.say({});
    expect(spoken(second.doc)[0]).toMatch(/press zero/);
    expect(call.gather!.attrs.action).toMatch(/t=1&e=2$/);
    const third = await call.say({ SpeechResult: "  " });
    expect(find(third.doc, "Hangup")).not.toBeNull();
    const conv = (await conversationBySid(s.org.id, call.callSid))!;
    expect(await messagesOf(conv.id)).toHaveLength(1);
  });

  it("transfers with <Dial callerId=our number> to the facility's transfer phone, by speech or by pressing 0", async () => {
    const s = await orgWithVoiceNumber({ transferPhone: "+15125550199" });
    const call = await placeCall(s);
    const { doc } = await call.say({ SpeechResult: "can I talk to a real person please" });
    const dial = find(doc, "Dial")!;
    expect(dial.attrs.callerId).toBe(s.number);
    expect(find(dial, "Number")!.text).toBe("+15125550199");
    expect(spoken(doc)[0]).toMatch(/connecting you/i);

    const call2 = await placeCall(s);
    const pressed = await call2.say({ Digits: "0" });
    expect(find(find(pressed.doc, "Dial")!, "Number")!.text).toBe("+15125550199");

    // Nobody picked up: the agent offers to take a message instead of dropping the caller.
    const conv = (await conversationBySid(s.org.id, call.callSid))!;
    const noAnswer = await twiml(
      await dialActionWebhook(
        postTo(dial.attrs.action!, {
          CallSid: call.callSid,
          DialCallStatus: "no-answer",
          DialCallSid: randomSid("CA"),
        }),
      ),
    );
    // ...and says why first: the caller never heard the agent's own "nobody could pick up" line.
    expect(spoken(noAnswer).join(" ")).toMatch(/^Sorry, nobody could pick up right now\. .*name/i);
    // Silence there asks for the name again; it does not start over with "How can I help you?".
    const quiet = await twiml(
      await gatherWebhook(
        postTo(find(noAnswer, "Gather")!.attrs.action!, { CallSid: call.callSid, CallStatus: "in-progress" }),
      ),
    );
    expect(spoken(quiet).join(" ")).toMatch(/^Sorry, I didn't catch that\. .*name\?$/i);
    expect(find(noAnswer, "Gather")).not.toBeNull();
    expect((await messagesOf(conv.id)).length).toBe(5);
    const answered = await twiml(
      await dialActionWebhook(
        postTo(dial.attrs.action!, { CallSid: call.callSid, DialCallStatus: "completed", DialCallDuration: "61" }),
      ),
    );
    expect(answered.children).toEqual([]);
  });

  it("after hours, takes a message instead of transferring", async () => {
    const s = await orgWithVoiceNumber({ hours: {} });
    const from = randomUsNumber(650);
    const call = await placeCall(s, from);
    const t1 = await call.say({ SpeechResult: "I need to speak to the manager" });
    expect(find(t1.doc, "Dial")).toBeNull();
    expect(spoken(t1.doc).join(" ")).toMatch(/closed/i);
    await call.say({ SpeechResult: "my name is dana lee" });
    await call.say({ SpeechResult: "yes that's right" });
    const last = await call.say({ SpeechResult: "please call me about my gate code" });
    expect(spoken(last.doc).join(" ")).toMatch(/passed your message/);
    expect(find(last.doc, "Hangup")).not.toBeNull();
    const conv = (await conversationBySid(s.org.id, call.callSid))!;
    expect(conv.outcome).toBe("message");
  });

  /**
   * Makes every insert of a message into this conversation fail inside Postgres (a trigger that
   * raises), so the engine's turn throws the way a lost connection or a broken row would, with no
   * stand-in for our own code. Returns the undo.
   */
  async function failTurnsOf(conversationId: string): Promise<() => Promise<void>> {
    const name = `test_fail_turn_${randomUUID().replace(/-/g, "")}`;
    await db.execute(
      sql.raw(
        `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'a failure the test injected'; END $$`,
      ),
    );
    await db.execute(
      sql.raw(
        `CREATE TRIGGER ${name} BEFORE INSERT ON message FOR EACH ROW WHEN (NEW.conversation_id = '${conversationId}'::uuid) EXECUTE FUNCTION ${name}()`,
      ),
    );
    return async () => {
      await db.execute(sql.raw(`DROP TRIGGER IF EXISTS ${name} ON message`));
      await db.execute(sql.raw(`DROP FUNCTION IF EXISTS ${name}()`));
    };
  }

  it("answers an exception inside a turn with an apology and a way forward, not an application error", async () => {
    const s = await orgWithVoiceNumber({ transferPhone: "+15125550188" });
    const call = await placeCall(s);
    const conv = (await conversationBySid(s.org.id, call.callSid))!;
    const undo = await failTurnsOf(conv.id);
    try {
      const { doc } = await call.say({ SpeechResult: "hello there" }, { keepGather: true });
      expect(spoken(doc)[0]).toMatch(/something went wrong/);
      expect(find(find(doc, "Dial")!, "Number")!.text).toBe("+15125550188");
    } finally {
      await undo();
    }

    const s2 = await orgWithVoiceNumber({ transferPhone: null });
    await db.update(facility).set({ phone: null }).where(eq(facility.id, s2.facilityId));
    const call2 = await placeCall(s2);
    const conv2 = (await conversationBySid(s2.org.id, call2.callSid))!;
    const undo2 = await failTurnsOf(conv2.id);
    try {
      const second = await call2.say({ SpeechResult: "hi" });
      expect(spoken(second.doc)[0]).toMatch(/say that again/);
      expect(call2.gather!.attrs.action).toMatch(/t=1$/); // the failed turn is retried as the same turn
      expect(await messagesOf(conv2.id)).toHaveLength(1); // nothing of the failed turn was kept
    } finally {
      await undo2();
    }
    // Once the failure is gone, the caller carries on from the same turn.
    const retried = await call2.say({ SpeechResult: "what are your hours" });
    expect(spoken(retried.doc).join(" ")).toMatch(/open/i);
    expect(await messagesOf(conv2.id)).toHaveLength(3);
  });

  it("asks again, as the same turn, for words with control characters instead of answering 400", async () => {
    const s = await orgWithVoiceNumber();
    const call = await placeCall(s);
    const { doc } = await call.say({ SpeechResult: "hello\u0000there" });
    expect(spoken(doc)[0]).toMatch(/didn't catch that/);
    expect(call.gather!.attrs.action).toMatch(/t=1$/);
    const conv = (await conversationBySid(s.org.id, call.callSid))!;
    expect(await messagesOf(conv.id)).toHaveLength(1);
    // The incoming-call webhook with one: an apology the caller hears, never Twilio's application error.
    const params = incomingCallParams({ to: s.number, from: "+1512555\u00000142" });
    const res = await voiceWebhook(twilioPost("/api/twilio/voice", params));
    const hangup = await twiml(res);
    expect(spoken(hangup)[0]).toMatch(/something went wrong/);
    expect(await conversationBySid(s.org.id, params.CallSid!)).toBeFalsy();
  });

  it("refuses a forged gather result (403) and a result for another call (no turn)", async () => {
    const s = await orgWithVoiceNumber();
    const call = await placeCall(s);
    const body = { CallSid: call.callSid, SpeechResult: "reserve a unit" };
    expect((await gatherWebhook(postTo(call.gather!.attrs.action!, body, { signature: "Zm9yZ2Vk" }))).status).toBe(403);
    const other = await twiml(
      await gatherWebhook(postTo(call.gather!.attrs.action!, { ...body, CallSid: randomSid("CA") })),
    );
    expect(find(other, "Hangup")).not.toBeNull();
    expect((await gatherWebhook(twilioPost("/api/twilio/voice/gather?c=not-a-uuid&t=1", body))).status).toBe(400);
    const conv = (await conversationBySid(s.org.id, call.callSid))!;
    expect(await messagesOf(conv.id)).toHaveLength(1);
  });
});

describe("status callback and relay action", () => {
  it("closes the call with status and duration and queues post-call work; an unanswered call gets the text-back", async () => {
    const s = await orgWithVoiceNumber();
    const from = randomUsNumber(650);
    const call = await placeCall(s, from);
    await call.say({ SpeechResult: "what are your hours" });
    const status = (CallSid: string, CallStatus: string, extra: Record<string, string> = {}) =>
      statusWebhook(
        twilioPost("/api/twilio/voice-status", {
          CallSid,
          CallStatus,
          From: from,
          To: s.number,
          AccountSid: randomSid("AC"),
          CallbackSource: "call-progress-events",
          SequenceNumber: "3",
          ...extra,
        }),
      );
    expect((await status(call.callSid, "in-progress")).status).toBe(204);
    expect((await status(call.callSid, "completed", { CallDuration: "42" })).status).toBe(204);
    const conv = (await conversationBySid(s.org.id, call.callSid))!;
    expect(conv).toMatchObject({
      status: "ended",
      providerStatus: "completed",
      durationSeconds: 42,
      outcome: "question_answered",
    });
    const admin = await workflowAdmin();
    expect(await admin.getWorkflow(workflowIds.postConversation(conv.id))).toBeTruthy();
    expect(await admin.getWorkflow(workflowIds.missedCall(call.callSid))).toBeUndefined();

    // A call that was never answered (no conversation) and one that hung up during the greeting.
    const missed = randomSid("CA");
    expect((await status(missed, "no-answer")).status).toBe(204);
    expect(await admin.getWorkflow(workflowIds.missedCall(missed))).toBeTruthy();
    const hungUp = await placeCall(s, from);
    await status(hungUp.callSid, "completed", { CallDuration: "3" });
    expect(await conversationBySid(s.org.id, hungUp.callSid)).toMatchObject({ status: "ended", outcome: "abandoned" });
    expect(await admin.getWorkflow(workflowIds.missedCall(hungUp.callSid))).toBeTruthy();

    // A duration no call can have (past the column's integer) still closes the call, at Twilio's 24-hour limit.
    const endless = await placeCall(s, from);
    await endless.say({ SpeechResult: "what are your hours" });
    expect((await status(endless.callSid, "completed", { CallDuration: "2147483648" })).status).toBe(204);
    expect(await conversationBySid(s.org.id, endless.callSid)).toMatchObject({
      status: "ended",
      durationSeconds: 86_400,
    });

    expect(
      (
        await statusWebhook(
          twilioPost("/api/twilio/voice-status", {
            CallSid: call.callSid,
            CallStatus: "exploded",
            From: from,
            To: s.number,
          }),
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await statusWebhook(
          twilioPost(
            "/api/twilio/voice-status",
            { CallSid: call.callSid, CallStatus: "completed", From: from, To: s.number },
            { signature: null },
          ),
        )
      ).status,
    ).toBe(403);
  });

  it("turns a relay hand-off into <Dial> and a failed relay session into <Gather>", async () => {
    const s = await orgWithVoiceNumber({ voiceMode: "relay" });
    const params = incomingCallParams({ to: s.number });
    const doc = await twiml(await voiceWebhook(twilioPost("/api/twilio/voice", params)));
    const action = find(doc, "Connect")!.attrs.action!;
    const handoff = JSON.stringify({ reason: "transfer", transferTo: "+15125550199" });
    const dialDoc = await twiml(
      await relayActionWebhook(
        postTo(action, {
          CallSid: params.CallSid!,
          SessionStatus: "ended",
          SessionDuration: "30",
          HandoffData: handoff,
        }),
      ),
    );
    expect(find(dialDoc, "Dial")!.attrs.callerId).toBe(s.number);
    expect(find(dialDoc, "Number")!.text).toBe("+15125550199");
    const failed = await twiml(
      await relayActionWebhook(
        postTo(action, {
          CallSid: params.CallSid!,
          SessionStatus: "failed",
          ErrorCode: "64105",
          ErrorMessage: "WebSocket closed",
        }),
      ),
    );
    expect(find(failed, "Gather")).not.toBeNull();
    const done = await twiml(
      await relayActionWebhook(
        postTo(action, {
          CallSid: params.CallSid!,
          SessionStatus: "ended",
          HandoffData: JSON.stringify({ reason: "goodbye" }),
        }),
      ),
    );
    expect(done.children).toEqual([]);
    const conv = await conversationBySid(s.org.id, params.CallSid!);
    expect((await db.select().from(message).where(eq(message.conversationId, conv!.id))).length).toBe(1);
    expect((await db.select().from(conversation).where(eq(conversation.id, conv!.id)))[0]!.status).toBe("active");
  });
});
