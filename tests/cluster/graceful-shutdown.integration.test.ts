import http from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, describe, expect, it } from "vitest";
import WebSocket from "ws";

import { POST as relayActionWebhook } from "@/app/api/twilio/voice/relay-action/route";
import { POST as voiceWebhook } from "@/app/api/twilio/voice/route";
import "@/server/channels/voice/relay-route";
import type { RelayOutgoing } from "@/server/channels/voice/relay-session";
import { find, parseTwiml } from "@/server/channels/simulator/twiml-parse";
import { publicWebSocketUrl, signRequest } from "@/server/integrations/twilio";
import { drainServer, onDrain, RequestTracker } from "@/server/lifecycle/drain";
import { readinessReport } from "@/server/observability/readiness";
import { handleUpgrade } from "@/server/ws/routes";

import { twilioPost } from "../twilio-webhooks";
import { conversationBySid, incomingCallParams, messagesOf, orgWithVoiceNumber, postTo } from "../voice/voice-helpers";

/**
 * Graceful shutdown of an app server (src/server/lifecycle/drain.ts, as server.ts runs it): a real
 * HTTP server in this process whose handler stands in for Next, with our real readiness check, the
 * real ConversationRelay WebSocket route and the real relay-action webhook. The worker's side
 * (SIGTERM, exit 0, workflows handed back) is in workflow-handover.integration.test.ts.
 */
delete process.env.TWILIO_ACCOUNT_SID;
delete process.env.TWILIO_AUTH_TOKEN;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Long enough for the checks below to finish inside it on a busy CI machine. */
const READINESS_DELAY = 2000;
const hung = new Set<http.ServerResponse>();

const server = http.createServer((req, res) => {
  const path = (req.url ?? "/").split("?")[0];
  if (path === "/api/ready")
    return void readinessReport().then((r) => res.writeHead(r.ready ? 200 : 503).end(JSON.stringify(r)));
  if (path === "/slow") return void sleep(600).then(() => res.writeHead(200).end("slow done"));
  if (path === "/hang") return void hung.add(res); // never answers: the bound must cut it
  res.writeHead(200).end("ok");
});
const tracker = new RequestTracker(server);
server.on(
  "upgrade",
  (req, socket, head) => void handleUpgrade(req, socket, head).then((ours) => ours || socket.destroy()),
);
afterAll(() => server.closeAllConnections());

function get(port: number, path: string): Promise<{ status: number; body: string; connection?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path, agent: false }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
    });
    req.on("error", reject);
  });
}

/** A relay-mode call placed through the incoming-call webhook, its socket opened as Twilio would. */
async function openRelayCall(port: number) {
  const s = await orgWithVoiceNumber({ voiceMode: "relay" });
  const params = incomingCallParams({ to: s.number });
  const doc = parseTwiml(await (await voiceWebhook(twilioPost("/api/twilio/voice", params))).text());
  const action = find(doc, "Connect")!.attrs.action!;
  const conv = (await conversationBySid(s.org.id, params.CallSid!))!;
  const pathAndQuery = `/api/twilio/relay?c=${conv.id}`;
  const ws = new WebSocket(`ws://127.0.0.1:${port}${pathAndQuery}`, {
    headers: { "x-twilio-signature": signRequest(publicWebSocketUrl(pathAndQuery), {}) },
  });
  const received: RelayOutgoing[] = [];
  ws.on("message", (d) => {
    const m = JSON.parse(String(d)) as RelayOutgoing;
    received.push(m);
    if (m.type === "end") ws.close(); // as Twilio does, before it requests the action URL
  });
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  ws.send(JSON.stringify({ type: "setup", callSid: params.CallSid, customParameters: { conversationId: conv.id } }));
  return { ws, received, action, callSid: params.CallSid!, conversationId: conv.id };
}

describe("graceful shutdown of an app server", () => {
  it("goes unready first, finishes what is in flight, hands calls over, cuts what overruns the bound", async () => {
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    expect((await get(port, "/api/ready")).status).toBe(200);

    const call = await openRelayCall(port);
    let participantDone = false;
    onDrain("test-participant", async () => {
      await sleep(200);
      participantDone = true;
    });

    // In flight when SIGTERM arrives: a slow request, one that never ends, and a caller mid-sentence.
    const slow = get(port, "/slow");
    void get(port, "/hang").catch(() => {});
    await sleep(50);
    call.ws.send(JSON.stringify({ type: "prompt", voicePrompt: "how much is a ten by ten", last: true }));
    await sleep(10);
    const started = Date.now();
    const drained = drainServer(server, tracker, { readinessDelayMs: READINESS_DELAY, timeoutMs: 2500 });

    // 1. Readiness is red at once, while the server still serves everything else.
    const ready = await get(port, "/api/ready");
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body).checks.shutdown).toEqual({ ok: false, shuttingDown: true });
    const during = await get(port, "/fast");
    expect(during).toMatchObject({ status: 200, connection: "close" });

    // 2. The slow request finishes normally.
    expect(await slow).toMatchObject({ status: 200, body: "slow done" });

    // 3. After the readiness delay, no new connections.
    await sleep(Math.max(0, READINESS_DELAY + 200 - (Date.now() - started)));
    await expect(get(port, "/fast")).rejects.toThrow(/ECONNREFUSED|ECONNRESET/);

    const result = await drained;
    // 4. The hung request was cut at the bound; the participant and the relay session finished.
    expect(result.cut).toBe(1);
    expect(result.unfinished).toEqual([]);
    expect(result.ms).toBeGreaterThanOrEqual(READINESS_DELAY + 2500 - 50);
    expect(participantDone).toBe(true);

    // The caller's turn was answered in full before the session was handed over with `reconnect`.
    const lastText = call.received.findIndex((m) => m.type === "text" && m.last);
    const end = call.received.findIndex((m) => m.type === "end");
    expect(lastText).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(lastText);
    const handoff = call.received[end]!;
    expect(handoff.type === "end" && JSON.parse(handoff.handoffData)).toEqual({
      reason: "reconnect",
      transferTo: null,
    });
    expect((await messagesOf(call.conversationId)).map((m) => m.role)).toEqual(["agent", "caller", "agent"]);

    // Twilio then asks the <Connect action> URL, through the balancer, on another process: it gets
    // a new ConversationRelay for the same call, without a second welcome greeting.
    const next = parseTwiml(
      await (
        await relayActionWebhook(
          postTo(call.action, {
            CallSid: call.callSid,
            SessionStatus: "ended",
            HandoffData: handoff.type === "end" ? handoff.handoffData : "",
          }),
        )
      ).text(),
    );
    const relay = find(next, "ConversationRelay")!;
    expect(relay.attrs.url).toBe(publicWebSocketUrl(`/api/twilio/relay?c=${call.conversationId}`));
    expect(relay.attrs.welcomeGreeting).toBeUndefined();
  }, 60_000);
});
