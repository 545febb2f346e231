import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";

import type { RelayOutgoing } from "@/server/channels/voice/relay-session";
import { find, parseTwiml } from "@/server/channels/simulator/twiml-parse";
import { publicWebSocketUrl, signRequest } from "@/server/integrations/twilio";
import { db } from "@/server/db/client";
import { unitType } from "@/server/db/schema";
import { closeJobsClient } from "@/server/jobs/client";

import { callerFor } from "../factories";
import { isolateWorkflows } from "../jobs-harness";
import { twilioPost } from "../twilio-webhooks";
import {
  conversationBySid,
  incomingCallParams,
  messagesOf,
  orgWithVoiceNumber,
  postTo,
  type VoiceSetup,
} from "../voice/voice-helpers";
import { processGroup } from "./processes";

/**
 * A ConversationRelay call is not tied to the app process that holds its socket (docs/deploy.md,
 * "Nothing depends on a request returning to the same process"): app processes
 * (tests/cluster/app-process.ts) on loopback ports, the test playing Twilio and a round-robin
 * balancer that sends each connection wherever it likes.
 *  - SIGTERM: the process holding the socket finishes the caller's turn, sends `end` with
 *    `reconnect` and exits 0; the <Connect action> lands on the other process, which opens a new
 *    session for the same call (no second greeting) and the conversation goes on there.
 *  - SIGKILL: the socket dies with its process; Twilio's action request (session failed) lands on
 *    the other process, which carries the call on with <Gather> turns.
 *  - Caches: a price changed through another process (here the test's, as the dashboard on another
 *    server would) is quoted by the app process on its next call, though it had cached the old one
 *    (per-process caches are keyed by the organization's config version, bumped by triggers).
 * The in-process version of the drain is tests/cluster/graceful-shutdown.integration.test.ts.
 */
// Twilio is not configured here: webhooks are signed with the local key the call simulator uses.
delete process.env.TWILIO_ACCOUNT_SID;
delete process.env.TWILIO_AUTH_TOKEN;
// Before any process starts, so the children enqueue into this file's DBOS tables too.
const workflows = isolateWorkflows();
const group = processGroup();
const env = { SHUTDOWN_READINESS_DELAY_MS: "200", SHUTDOWN_TIMEOUT_MS: "10000" };
let a: Awaited<ReturnType<typeof group.startApp>>;
let b: Awaited<ReturnType<typeof group.startApp>>;
beforeAll(async () => {
  [a, b] = await Promise.all([group.startApp(env), group.startApp(env)]);
}, 240_000);
afterAll(async () => {
  await b?.stop();
  await closeJobsClient();
  await workflows.dropSchema();
});

/** A webhook request built as Twilio sends it (signed over PUBLIC_URL), delivered to one process. */
async function deliver(base: string, req: Request) {
  const u = new URL(req.url);
  const res = await fetch(base + u.pathname + u.search, {
    method: req.method,
    headers: req.headers,
    body: await req.text(),
  });
  expect(res.status).toBe(200);
  return parseTwiml(await res.text());
}

/** Twilio's side of one ConversationRelay socket, opened on the given process. */
async function openSocket(base: string, relayUrl: string, callSid: string) {
  const u = new URL(relayUrl);
  const pathAndQuery = u.pathname + u.search;
  const ws = new WebSocket(base.replace("http", "ws") + pathAndQuery, {
    headers: { "x-twilio-signature": signRequest(publicWebSocketUrl(pathAndQuery), {}) },
  });
  const received: RelayOutgoing[] = [];
  ws.on("message", (d) => {
    const m = JSON.parse(String(d)) as RelayOutgoing;
    received.push(m);
    if (m.type === "end") ws.close(); // as Twilio does, before it requests the action URL
  });
  ws.on("error", () => {}); // a killed process resets the socket
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  ws.send(JSON.stringify({ type: "setup", callSid }));
  const closed = new Promise<void>((resolve) => ws.once("close", () => resolve()));
  /** Says something and resolves with the reply's text once its last token came. */
  const say = async (voicePrompt: string) => {
    const from = received.length;
    ws.send(JSON.stringify({ type: "prompt", voicePrompt, last: true }));
    await until(() => received.slice(from).some((m) => m.type === "text" && m.last), "the reply's last token");
    return received
      .slice(from)
      .map((m) => (m.type === "text" ? m.token : ""))
      .join("");
  };
  return { ws, received, closed, say };
}

async function until(check: () => boolean, what: string, ms = 30_000) {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A relay-mode call (to a new organization's number unless given) whose incoming-call webhook landed on `on`. */
async function placeCall(on: string, to?: VoiceSetup) {
  const s = to ?? (await orgWithVoiceNumber({ voiceMode: "relay" }));
  const params = incomingCallParams({ to: s.number });
  const doc = await deliver(on, twilioPost("/api/twilio/voice", params));
  const connect = find(doc, "Connect")!;
  const relay = find(doc, "ConversationRelay")!;
  const conv = (await conversationBySid(s.org.id, params.CallSid!))!;
  return { s, params, callSid: params.CallSid!, action: connect.attrs.action!, relayUrl: relay.attrs.url!, conv };
}

describe("a ConversationRelay call across app processes", () => {
  it("SIGTERM: the socket's process finishes the turn and hands the call over; it goes on on the other", async () => {
    const call = await placeCall(b.url); // the webhook on B, the socket on A
    const first = await openSocket(a.url, call.relayUrl, call.callSid);
    expect(await first.say("how much is a ten by ten")).not.toBe("");

    // The caller speaks again and A is told to stop while the reply is being made.
    first.ws.send(JSON.stringify({ type: "prompt", voicePrompt: "do you have climate controlled units", last: true }));
    a.child.kill("SIGTERM");
    await first.closed;
    expect(await a.exited, a.output()).toEqual({ code: 0, signal: null });
    const lastText = first.received.findLastIndex((m) => m.type === "text" && m.last);
    const end = first.received.findIndex((m) => m.type === "end");
    expect(end).toBeGreaterThan(lastText);
    const handoff = first.received[end]!;
    const handoffData = handoff.type === "end" ? handoff.handoffData : "";
    expect(JSON.parse(handoffData)).toEqual({ reason: "reconnect", transferTo: null });

    // Twilio requests the <Connect action> through the balancer: only B is left.
    const next = await deliver(
      b.url,
      postTo(call.action, { CallSid: call.callSid, SessionStatus: "ended", HandoffData: handoffData }),
    );
    const relay = find(next, "ConversationRelay")!;
    expect(relay.attrs.url).toBe(call.relayUrl);
    expect(relay.attrs.welcomeGreeting).toBeUndefined();
    const second = await openSocket(b.url, relay.attrs.url!, call.callSid);
    expect(await second.say("what are your office hours")).not.toBe("");
    second.ws.close();

    // One conversation, every turn once and in order: the greeting, then three exchanges.
    const messages = await messagesOf(call.conv.id);
    expect(messages.map((m) => m.role)).toEqual(["agent", "caller", "agent", "caller", "agent", "caller", "agent"]);
    expect(messages.filter((m) => m.role === "caller").map((m) => m.text)).toEqual([
      "how much is a ten by ten",
      "do you have climate controlled units",
      "what are your office hours",
    ]);
  }, 120_000);

  it("SIGKILL: the socket dies with its process; the other process carries the call on with <Gather>", async () => {
    const doomed = await group.startApp(env);
    const call = await placeCall(b.url);
    const socket = await openSocket(doomed.url, call.relayUrl, call.callSid);
    expect(await socket.say("how much is a ten by ten")).not.toBe("");
    doomed.child.kill("SIGKILL");
    await socket.closed;
    expect((await doomed.exited).signal).toBe("SIGKILL");

    // Twilio reports the failed session to the <Connect action>, which the balancer sends to B.
    const fallback = await deliver(
      b.url,
      postTo(call.action, { CallSid: call.callSid, SessionStatus: "failed", ErrorCode: "64107" }),
    );
    const gather = find(fallback, "Gather")!;
    expect(gather).toBeTruthy();
    const answer = await deliver(
      b.url,
      postTo(gather.attrs.action!, {
        CallSid: call.callSid,
        AccountSid: call.params.AccountSid!,
        From: call.params.From!,
        To: call.s.number,
        CallStatus: "in-progress",
        SpeechResult: "what are your office hours",
        Confidence: "0.92",
      }),
    );
    expect(find(answer, "Gather") ?? find(answer, "Say")).toBeTruthy();
    const messages = await messagesOf(call.conv.id);
    expect(messages.filter((m) => m.role === "caller").map((m) => m.text)).toEqual([
      "how much is a ten by ten",
      "what are your office hours",
    ]);
    expect(messages.at(-1)!.role).toBe("agent");
  }, 240_000);

  it("caches: a price changed through another process is quoted by this one on its next call", async () => {
    const ask = async (to?: VoiceSetup) => {
      const call = await placeCall(b.url, to);
      const socket = await openSocket(b.url, call.relayUrl, call.callSid);
      const reply = await socket.say("how much is a ten by ten");
      socket.ws.close();
      return { call, reply };
    };
    const before = await ask();
    expect(before.reply).toContain("one hundred twenty dollars"); // the 10x10's rate, spoken; now cached in B
    const { org } = before.call.s;
    const [tenByTen] = await db
      .select()
      .from(unitType)
      .where(and(eq(unitType.organizationId, org.id), eq(unitType.name, "10x10 climate")));
    const owner = await callerFor(org.owner);
    await owner.inventory.updateUnitType({
      unitTypeId: tenByTen!.id,
      patch: { streetRateCents: 10900, webRateCents: 9900 },
    });
    const after = await ask(before.call.s);
    expect(after.reply).toContain("one hundred nine dollars");
    expect(after.reply).not.toContain("one hundred twenty dollars");
  }, 120_000);
});
