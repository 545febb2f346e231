import http from "node:http";
import type { AddressInfo } from "node:net";

import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";

import { POST as voiceWebhook } from "@/app/api/twilio/voice/route";
import "@/server/channels/voice/relay-route";
import { RelaySession, type RelayOutgoing } from "@/server/channels/voice/relay-session";
import { db } from "@/server/db/client";
import { message } from "@/server/db/schema";
import { publicWebSocketUrl, signRequest } from "@/server/integrations/twilio";
import { handleUpgrade } from "@/server/ws/routes";

import { waitFor } from "../jobs-harness";
import { randomSid, twilioPost } from "../twilio-webhooks";
import { conversationBySid, incomingCallParams, messagesOf, orgWithVoiceNumber } from "./voice-helpers";

delete process.env.TWILIO_ACCOUNT_SID;
delete process.env.TWILIO_AUTH_TOKEN;

let server: http.Server;
let port = 0;
beforeAll(async () => {
  server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on(
    "upgrade",
    (req, socket, head) => void handleUpgrade(req, socket, head).then((ours) => ours || socket.destroy()),
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** A relay-mode call placed through the incoming-call webhook, as Twilio would. */
async function relayCall() {
  const s = await orgWithVoiceNumber({ voiceMode: "relay", transferPhone: "+15125550199" });
  const params = incomingCallParams({ to: s.number });
  expect((await voiceWebhook(twilioPost("/api/twilio/voice", params))).status).toBe(200);
  const conv = (await conversationBySid(s.org.id, params.CallSid!))!;
  return { s, callSid: params.CallSid!, conversationId: conv.id, pathAndQuery: `/api/twilio/relay?c=${conv.id}` };
}

/** Twilio's side of the socket: sends its messages, collects ours. */
function connect(
  pathAndQuery: string,
  signature: string | null,
): Promise<
  | { ws: WebSocket; received: RelayOutgoing[]; next: (pred: (m: RelayOutgoing) => boolean) => Promise<RelayOutgoing> }
  | { status: number }
> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${pathAndQuery}`, {
      headers: signature ? { "x-twilio-signature": signature } : {},
    });
    const received: RelayOutgoing[] = [];
    const waiters: { pred: (m: RelayOutgoing) => boolean; resolve: (m: RelayOutgoing) => void }[] = [];
    ws.on("message", (data) => {
      const m = JSON.parse(String(data)) as RelayOutgoing;
      received.push(m);
      for (const w of [...waiters]) {
        if (!w.pred(m)) continue;
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    });
    ws.on("unexpected-response", (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.on("error", reject);
    ws.on("open", () =>
      resolve({
        ws,
        received,
        next: (pred) => {
          const hit = received.find(pred);
          return hit ? Promise.resolve(hit) : new Promise((r) => waiters.push({ pred, resolve: r }));
        },
      }),
    );
  });
}

const textsUntilLast = (received: RelayOutgoing[], from: number) => {
  const out: string[] = [];
  for (const m of received.slice(from)) {
    if (m.type !== "text") continue;
    out.push(m.token);
    if (m.last) return { text: out.join(""), done: true };
  }
  return { text: out.join(""), done: false };
};

describe("ConversationRelay WebSocket", () => {
  it("refuses a handshake without a valid signature with 403", async () => {
    const call = await relayCall();
    expect(await connect(call.pathAndQuery, null)).toEqual({ status: 403 });
    expect(await connect(call.pathAndQuery, "Zm9yZ2VkIHNpZ25hdHVyZQ==")).toEqual({ status: 403 });
    // Signed for another conversation: the signature covers the query string.
    const other = signRequest(publicWebSocketUrl(`/api/twilio/relay?c=${crypto.randomUUID()}`), {});
    expect(await connect(call.pathAndQuery, other)).toEqual({ status: 403 });
  });

  it("speaks setup, prompt, interrupt and dtmf; streams tokens ending last:true; ends with handoffData for a transfer", async () => {
    const call = await relayCall();
    const conn = await connect(call.pathAndQuery, signRequest(publicWebSocketUrl(call.pathAndQuery), {}));
    if (!("ws" in conn)) throw new Error(`handshake refused: ${conn.status}`);
    const { ws, received, next } = conn;
    ws.send(
      JSON.stringify({
        type: "setup",
        sessionId: `VX${randomSid("CA").slice(2)}`,
        callSid: call.callSid,
        from: "+16505550100",
        to: call.s.number,
        direction: "inbound",
        customParameters: { conversationId: call.conversationId, callSid: call.callSid },
      }),
    );
    ws.send(JSON.stringify({ type: "prompt", voicePrompt: "how much is a ten by ten", lang: "en-US", last: true }));
    await next((m) => m.type === "text" && m.last);
    const reply = textsUntilLast(received, 0);
    expect(reply.done).toBe(true);
    expect(reply.text).toMatch(/one hundred (twenty|ten) dollars/);
    expect(received.filter((m) => m.type === "text").every((m) => typeof m.token === "string")).toBe(true);

    // Barge-in while the reply plays: the stored reply becomes what the caller heard.
    ws.send(
      JSON.stringify({
        type: "interrupt",
        utteranceUntilInterrupt: "A ten by ten climate",
        durationUntilInterruptMs: 1200,
      }),
    );
    const cut = await waitFor(
      async () => {
        const [m] = await db
          .select()
          .from(message)
          .where(and(eq(message.conversationId, call.conversationId), eq(message.seq, 3)));
        return m?.interrupted ? m : null;
      },
      "interrupted agent message",
      10_000,
      50,
    );
    expect(cut).toMatchObject({ role: "agent", text: "A ten by ten climate", interrupted: true });

    // Keypad 0 asks for a person: the reply, then `end` with the transfer in handoffData.
    const before = received.length;
    ws.send(JSON.stringify({ type: "dtmf", digit: "0" }));
    const end = await next((m) => m.type === "end");
    expect(textsUntilLast(received, before)).toMatchObject({ done: true });
    expect(end.type === "end" && JSON.parse(end.handoffData)).toEqual({
      reason: "transfer",
      transferTo: "+15125550199",
      alsoRing: [],
    });
    ws.send(JSON.stringify({ type: "error", description: "Invalid message received" }));
    ws.close();
    const msgs = await messagesOf(call.conversationId);
    expect(msgs.map((m) => m.role)).toEqual(["agent", "caller", "agent", "caller", "agent"]);
    expect(msgs[1]!.idempotencyKey).toBe(`${call.callSid}:1`);
  });

  it("says a short filler first when the reply is slow, and a reconnected session continues the turn numbering", async () => {
    const call = await relayCall();
    const sent: RelayOutgoing[] = [];
    const session = new RelaySession({ send: (m) => sent.push(m), close: () => {} }, call.conversationId, {
      fillerAfterMs: 0,
    });
    await session.handle(JSON.stringify({ type: "setup", callSid: call.callSid, customParameters: {} }));
    await session.handle(
      JSON.stringify({ type: "prompt", voicePrompt: "do you have a five by ten available", last: true }),
    );
    expect(sent[0]).toMatchObject({ type: "text", token: "One moment while I check that. ", last: false });
    expect(sent.at(-1)).toMatchObject({ type: "text", last: true });

    // Twilio reconnects (a new session): the next utterance is turn 2, not a replay of turn 1.
    const again: RelayOutgoing[] = [];
    const second = new RelaySession({ send: (m) => again.push(m), close: () => {} }, call.conversationId, {
      fillerAfterMs: 60_000,
    });
    await second.handle(JSON.stringify({ type: "setup", callSid: call.callSid }));
    await second.handle(JSON.stringify({ type: "prompt", voicePrompt: "and what are your hours", last: true }));
    expect((await messagesOf(call.conversationId)).length).toBe(5);

    // A session for another call is closed at setup.
    let closed = false;
    const wrong = new RelaySession({ send: () => {}, close: () => (closed = true) }, call.conversationId);
    await wrong.handle(JSON.stringify({ type: "setup", callSid: randomSid("CA") }));
    expect(closed).toBe(true);
  });
});
