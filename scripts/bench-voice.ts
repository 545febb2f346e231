/**
 * npm run bench:voice: 200 concurrent simulated calls through the gather webhook.
 *
 * Starts the app's Twilio webhook handlers (the same functions Next serves at /api/twilio/*) behind
 * a plain Node HTTP server on loopback, places CALLS calls at once, and has each caller answer
 * TURNS <Gather>s. Every request is signed and verified exactly as in production, and each turn is
 * a real agent turn in Postgres. Two loads:
 *
 *   calls      each caller pauses THINK_MS (±50%) before answering, as a real caller speaks and
 *              Twilio waits for the end of speech (a Gather turn is seconds apart on a real call):
 *              the latency a caller experiences with CALLS calls in progress. Target: p99 ≤ 50 ms.
 *   saturated  no pause at all: every caller answers the instant it is asked, so the server is
 *              pushed to its throughput limit (turns/s) and latency is mostly queueing.
 *
 * In the same run a bare Node HTTP server answering fixed TwiML gets the saturated load, so the
 * numbers can be read against what this machine does with no work at all.
 *
 *   BENCH_CALLS=200 BENCH_TURNS=5 BENCH_THINK_MS=3000 npm run bench:voice
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";

import { eq } from "drizzle-orm";

import { WEBHOOK_HANDLERS } from "@/server/channels/simulator/in-process";
import { find, parseTwiml } from "@/server/channels/simulator/twiml-parse";
import { randomCallerNumber, randomSid } from "@/server/channels/simulator/transport";
import { ensureDatabase } from "@/server/db/bootstrap";
import { closeDb, db } from "@/server/db/client";
import { facility, organization, phoneNumber } from "@/server/db/schema";
import { publicUrl, signRequest } from "@/server/integrations/twilio";
import { closeRealtimeHub } from "@/server/realtime/hub";

import { seedAgentFacility } from "../tests/agent/seed";

const CALLS = Number(process.env.BENCH_CALLS ?? 200);
const TURNS = Number(process.env.BENCH_TURNS ?? 5);
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 3000);
const UTTERANCES = [
  "how much is a ten by ten",
  "what are your office hours",
  "do you have climate controlled units",
  "what sizes do you have",
  "is there a move in special",
  "what is the address",
  "how much is a five by ten",
  "do you have drive up units",
];
const ALWAYS_OPEN = Object.fromEntries(
  ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ open: "00:00", close: "23:59" }]]),
);

const { embedded } = await ensureDatabase();
const orgId = `bench-voice-${randomBytes(4).toString("hex")}`;
await db.insert(organization).values({ id: orgId, name: "Bench Voice Storage", slug: orgId });
const { facility: f } = await seedAgentFacility(orgId, { units: 50 });
await db.update(facility).set({ officeHours: ALWAYS_OPEN }).where(eq(facility.id, f.id));
const ourNumber = `+1512${String(2000000 + Math.floor(Math.random() * 7999999))}`;
await db
  .insert(phoneNumber)
  .values({ organizationId: orgId, e164: ourNumber, facilityId: f.id, source: "attached", friendlyName: "bench" });

/** The app's handlers behind Node's HTTP server, as Next's route handlers would be called. */
function appServer() {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const handler = WEBHOOK_HANDLERS[url.pathname];
      if (!handler) return void res.writeHead(404).end();
      const request = new Request(url, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks),
      });
      void handler(request).then(
        async (r) => res.writeHead(r.status, Object.fromEntries(r.headers)).end(await r.text()),
        () => res.writeHead(500).end(),
      );
    });
  });
}

const FIXED = `<?xml version="1.0" encoding="UTF-8"?><Response><Gather input="speech dtmf" action="/api/twilio/voice/gather?c=00000000-0000-0000-0000-000000000000&amp;t=2" method="POST" actionOnEmptyResult="true" speechTimeout="auto"><Say>A ten by ten is one hundred twenty dollars a month.</Say></Gather></Response>`;
function bareServer() {
  return http.createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "text/xml" }).end(FIXED));
  });
}

async function listen(server: http.Server) {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CALLS + 10 });
function post(
  base: string,
  pathAndQuery: string,
  params: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const body = new URLSearchParams(params).toString();
  const signature = signRequest(publicUrl(pathAndQuery), params);
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}${pathAndQuery}`,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(body),
          "x-twilio-signature": signature,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** One caller: the incoming call (not timed), then TURNS timed gather results. */
async function caller(base: string, i: number, bare: boolean, latencies: number[], thinkMs = 0) {
  const base0 = {
    CallSid: randomSid("CA"),
    AccountSid: randomSid("AC"),
    From: randomCallerNumber(),
    To: ourNumber,
    Direction: "inbound",
    ApiVersion: "2010-04-01",
  };
  let action = "/api/twilio/voice/gather?c=00000000-0000-0000-0000-000000000000&t=1";
  if (!bare) {
    const r = await post(base, "/api/twilio/voice", { ...base0, CallStatus: "ringing" });
    action = find(parseTwiml(r.body), "Gather")!.attrs.action!;
  }
  for (let t = 0; t < TURNS; t++) {
    if (thinkMs) await new Promise((r) => setTimeout(r, thinkMs * (0.5 + Math.random())));
    const u = new URL(action, "http://x");
    const started = performance.now();
    const r = await post(base, `${u.pathname}${u.search}`, {
      ...base0,
      CallStatus: "in-progress",
      SpeechResult: UTTERANCES[(i + t) % UTTERANCES.length]!,
      Confidence: "0.9",
    });
    latencies.push(performance.now() - started);
    if (r.status !== 200) throw new Error(`gather answered HTTP ${r.status}: ${r.body.slice(0, 200)}`);
    const next = find(parseTwiml(r.body), "Gather");
    if (!next) throw new Error(`call ${i} ended early: ${r.body.slice(0, 300)}`);
    if (!bare) action = next.attrs.action!;
  }
}

async function run(name: string, server: http.Server, bare: boolean, thinkMs = 0) {
  const base = await listen(server);
  // Warm-up: first requests load the NLU model, prepare statements and open pool connections.
  await Promise.all(Array.from({ length: 20 }, (_, i) => caller(base, i, bare, [])));
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(Array.from({ length: CALLS }, (_, i) => caller(base, i, bare, latencies, thinkMs)));
  const seconds = (performance.now() - started) / 1000;
  server.close();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  return {
    name,
    turns: latencies.length,
    p50: pct(50),
    p99: pct(99),
    max: latencies.at(-1)!,
    perSecond: latencies.length / seconds,
  };
}

try {
  const calls = await run(`app, ${CALLS} calls (caller pauses ~${THINK_MS} ms)`, appServer(), false, THINK_MS);
  const saturated = await run("app, saturated (no pauses)", appServer(), false);
  const bare = await run("bare Node HTTP, fixed TwiML, saturated", bareServer(), true);
  console.log(
    `\nbench:voice  ${CALLS} concurrent calls x ${TURNS} gather turns  (${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)}, pool ${process.env.DATABASE_POOL_MAX ?? 10})`,
  );
  console.log(
    `${"load".padEnd(46)} ${"turns".padStart(6)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"max ms".padStart(8)} ${"turns/s".padStart(9)}`,
  );
  for (const r of [calls, saturated, bare]) {
    console.log(
      `${r.name.padEnd(46)} ${String(r.turns).padStart(6)} ${r.p50.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${r.max.toFixed(1).padStart(8)} ${r.perSecond.toFixed(0).padStart(9)}`,
    );
  }
  console.log(`target: p99 <= 50 ms with ${CALLS} calls in progress -> ${calls.p99 <= 50 ? "met" : "NOT met"}`);
} finally {
  agent.destroy();
  await db.delete(organization).where(eq(organization.id, orgId));
  await closeRealtimeHub();
  await closeDb();
  await embedded?.stop();
}
