/**
 * npm run bench:voice: 200 concurrent simulated calls (and texters) through the Twilio webhooks.
 *
 * Every request is signed and verified exactly as in production, and each turn is a real agent
 * turn in Postgres. Workloads:
 *
 *   voice calls      CALLS callers each answer TURNS <Gather>s, pausing THINK_MS (±50%) first, as a
 *                    real caller speaks and Twilio waits for the end of speech: the latency a caller
 *                    hears with CALLS calls in progress. Target: p99 ≤ 50 ms.
 *   voice saturated  no pause: every caller answers the instant it is asked, so the server is pushed
 *                    to its throughput limit (turns/s) and latency is mostly queueing.
 *   sms texters / sms saturated   the same with CALLS phones texting TURNS messages each to the
 *                    incoming-message webhook (store, opt-out checks, an agent turn, TwiML reply).
 *
 * Targets, each getting the same workloads:
 *
 *   production   this checkout's production server: `npm run build` output served by server.ts with
 *                NODE_ENV=production, as `npm start` runs it (the path Twilio really takes).
 *   baseline     with BENCH_BASELINE=<commit or folder>: the same for another checkout (a commit is
 *                exported into the temporary folder and built once), alternated with this one
 *                workload by workload, so before and after share the load. Issue 23's "before" is
 *                e9a263a, main before the production-server work: BENCH_BASELINE=e9a263a.
 *   handlers     the webhook handler functions behind a bare Node HTTP server in this process.
 *   bare Node    a Node HTTP server answering fixed TwiML: what this machine does with no work.
 *
 *   BENCH_CALLS=200 BENCH_TURNS=5 BENCH_THINK_MS=3000 npm run bench:voice
 *   BENCH_BASELINE=e9a263a BENCH_ROUNDS=2 npm run bench:voice   (or a built checkout's folder)
 *   BENCH_PROFILE=1 npm run bench:voice   (V8 CPU profile of this checkout's server: top self time)
 *   BENCH_ONLY=production,baseline BENCH_WORKLOADS=voice-saturated,sms-saturated ...
 *
 * A checkout without a current production build is built first (npm run build at nice 19; BENCH_BUILD=0
 * refuses instead), and every server it starts is stopped at the end, on an error and on Ctrl-C.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

import type { Sent } from "../tests/round-trips";

import { printProfile, summariseProfile } from "./bench/cpu-profile";
import { checkoutOf, startProductionServer, type ProductionServer } from "./bench/production-server";

const CALLS = Number(process.env.BENCH_CALLS ?? 200);
const TURNS = Number(process.env.BENCH_TURNS ?? 5);
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
/** A built checkout's folder, or a commit: exported and built on first use (scripts/bench/production-server.ts). */
const BASELINE = process.env.BENCH_BASELINE ? checkoutOf(process.env.BENCH_BASELINE) : null;
const PROFILE = process.env.BENCH_PROFILE === "1";
const PORT = Number(process.env.BENCH_PORT ?? 3272); // this checkout's server; the baseline's is PORT + 1
const ONLY = new Set((process.env.BENCH_ONLY ?? "production,baseline,handlers,bare").split(","));
const WORKLOADS = new Set(
  (process.env.BENCH_WORKLOADS ?? "voice-calls,voice-saturated,sms-texters,sms-saturated").split(","),
);

// The servers and this process must sign and verify alike: one public URL and one signing secret.
const serverLogLevel = process.env.LOG_LEVEL; // the servers log as production does (info unless set)
process.env.PUBLIC_URL = `http://127.0.0.1:${PORT}`;
process.env.BETTER_AUTH_SECRET ??= "bench-voice-signing-secret-0123456789abcdef";
process.env.LOG_LEVEL = "warn";

// First: it wraps pg's Client.query before the pool's first connection binds it.
const { sentIn } = await import("../tests/round-trips");
const { eq, sql } = await import("drizzle-orm");
const { WEBHOOK_HANDLERS } = await import("@/server/channels/simulator/in-process");
const { find, parseTwiml } = await import("@/server/channels/simulator/twiml-parse");
const { randomCallerNumber, randomSid } = await import("@/server/channels/simulator/transport");
const { ensureDatabase } = await import("@/server/db/bootstrap");
const { closeDb, db } = await import("@/server/db/client");
const { facility, organization, phoneNumber } = await import("@/server/db/schema");
const { publicUrl, signRequest } = await import("@/server/integrations/twilio");
const { closeRealtimeHub } = await import("@/server/realtime/hub");
const { seedAgentFacility } = await import("../tests/agent/seed");

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

/**
 * Statements and round trips per request in the handlers target (this process; tests/round-trips.ts
 * counts them in the request's async context): figures load cannot inflate.
 */
const sentPerRoute = new Map<string, Sent[]>();

/** The app's handlers behind Node's HTTP server, as Next's route handlers would be called. */
function handlersServer() {
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
      const counter: Sent = { statements: 0, roundTrips: 0 };
      void sentIn
        .run(counter, () => handler(request))
        .then(
          async (r) => {
            const counts = sentPerRoute.get(url.pathname) ?? [];
            counts.push(counter);
            sentPerRoute.set(url.pathname, counts);
            res.writeHead(r.status, Object.fromEntries(r.headers)).end(await r.text());
          },
          () => res.writeHead(500).end(),
        );
    });
  });
}

const FIXED_GATHER = `<?xml version="1.0" encoding="UTF-8"?><Response><Gather input="speech dtmf" action="/api/twilio/voice/gather?c=00000000-0000-0000-0000-000000000000&amp;t=2" method="POST" actionOnEmptyResult="true" speechTimeout="auto"><Say>A ten by ten is one hundred twenty dollars a month.</Say></Gather></Response>`;
const FIXED_MESSAGE = `<?xml version="1.0" encoding="UTF-8"?><Response><Message>A ten by ten is $120 a month.</Message></Response>`;
function bareServer() {
  return http.createServer((req, res) => {
    req.resume();
    const body = req.url?.startsWith("/api/twilio/sms") ? FIXED_MESSAGE : FIXED_GATHER;
    req.on("end", () => res.writeHead(200, { "content-type": "text/xml" }).end(body));
  });
}

async function listen(server: http.Server) {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CALLS + 10 });
/**
 * A signed form POST. A kept-alive socket the server closed as it was reused (its idle timeout
 * racing the request) fails with ECONNRESET before anything was processed: sent again once, as
 * Node's documentation advises and as Twilio itself would retry.
 */
function post(
  base: string,
  pathAndQuery: string,
  params: Record<string, string>,
  retries = 2,
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
    req.on("error", (err: NodeJS.ErrnoException) => {
      if (retries > 0 && req.reusedSocket && err.code === "ECONNRESET")
        resolve(post(base, pathAndQuery, params, retries - 1));
      else reject(err);
    });
    req.end(body);
  });
}

/**
 * CPU time (user + system, ms) a process has used, from /proc (Linux): the server's CPU per request
 * is a figure a busy machine inflates far less than latency or throughput. Null where unreadable.
 */
function cpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
const CLOCK_TICKS = 100; // USER_HZ, 100 on Linux

/**
 * CPU time (ms) of each Postgres backend connected to this database (every server's pool and this
 * process's): a turn's cost on a shared machine is the app server's CPU plus the database's plus
 * the client's, and all three share the same cores.
 */
async function postgresCpu(): Promise<Map<number, number>> {
  const { rows } = await db.execute<{ pid: number }>(
    sql`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
  );
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    const ms = cpuMs(pid);
    if (ms !== null) cpu.set(pid, ms);
  }
  return cpu;
}
/** CPU the backends used between two readings (a backend that opened in between counts whole). */
function postgresCpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let ms = 0;
  for (const [pid, now] of after) ms += now - (before.get(pid) ?? 0);
  return ms;
}

const pause = (ms: number) => (ms ? new Promise((r) => setTimeout(r, ms * (0.5 + Math.random()))) : null);

/** One caller: the incoming call (not timed), then TURNS timed gather results. */
async function caller(base: string, i: number, bare: boolean, latencies: number[], thinkMs: number) {
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
    await pause(thinkMs);
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

/** One phone texting TURNS messages to our number; each answered with a TwiML <Message>. */
async function texter(base: string, i: number, _bare: boolean, latencies: number[], thinkMs: number) {
  const from = randomCallerNumber();
  for (let t = 0; t < TURNS; t++) {
    await pause(thinkMs);
    const started = performance.now();
    const r = await post(base, "/api/twilio/sms", {
      MessageSid: randomSid("SM"),
      AccountSid: randomSid("AC"),
      From: from,
      To: ourNumber,
      Body: UTTERANCES[(i + t) % UTTERANCES.length]!,
      NumMedia: "0",
      ApiVersion: "2010-04-01",
    });
    latencies.push(performance.now() - started);
    if (r.status !== 200) throw new Error(`sms webhook answered HTTP ${r.status}: ${r.body.slice(0, 200)}`);
    if (!find(parseTwiml(r.body), "Message")) throw new Error(`text ${i}/${t} got no reply: ${r.body.slice(0, 300)}`);
  }
}

interface Workload {
  key: string;
  label: string;
  run: typeof caller;
  thinkMs: number;
}
const workloads: Workload[] = (
  [
    { key: "voice-calls", label: `voice, ${CALLS} calls (~${THINK_MS} ms pauses)`, run: caller, thinkMs: THINK_MS },
    { key: "voice-saturated", label: "voice, saturated", run: caller, thinkMs: 0 },
    { key: "sms-texters", label: `sms, ${CALLS} texters (~${THINK_MS} ms pauses)`, run: texter, thinkMs: THINK_MS },
    { key: "sms-saturated", label: "sms, saturated", run: texter, thinkMs: 0 },
  ] satisfies Workload[]
).filter((w) => WORKLOADS.has(w.key));

interface Result {
  target: string;
  workload: string;
  key: string;
  requests: number;
  p50: number;
  p99: number;
  max: number;
  perSecond: number;
  /** Callers whose call or texts ended on a failed request. */
  errors: number;
  /** The serving process's CPU ms per timed request (for in-process targets: this whole process, client included). */
  cpuPerRequest: number | null;
  /** Postgres backends' CPU ms per timed request. */
  postgresCpuPerRequest: number | null;
  /** This process's (the client's) CPU ms per timed request, for targets served by another process. */
  clientCpuPerRequest: number | null;
  /** process.hrtime (µs) of the timed window, to cut a CPU profile to it. */
  window: { from: number; to: number };
}

async function measure(target: string, base: string, bare: boolean, w: Workload, pid?: number): Promise<Result> {
  // Warm-up: first requests load the NLU model, compile routes, prepare statements, open pool connections.
  await Promise.all(Array.from({ length: 20 }, (_, i) => w.run(base, i, bare, [], 0)));
  const latencies: number[] = [];
  const cpuBefore = cpuMs(pid ?? process.pid);
  const clientBefore = pid ? cpuMs(process.pid) : null;
  const pgBefore = await postgresCpu();
  const from = Number(process.hrtime.bigint() / 1000n);
  const started = performance.now();
  // A failed request (an error status, a reset connection, a missing reply) ends that caller: counted, not hidden.
  const errors: string[] = [];
  await Promise.all(
    Array.from({ length: CALLS }, (_, i) =>
      w.run(base, i, bare, latencies, w.thinkMs).catch((err: unknown) => void errors.push(String(err))),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const to = Number(process.hrtime.bigint() / 1000n);
  const cpuAfter = cpuMs(pid ?? process.pid);
  const clientAfter = pid ? cpuMs(process.pid) : null;
  const pgAfter = await postgresCpu();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  const r = {
    target,
    workload: w.label,
    key: w.key,
    requests: latencies.length,
    p50: pct(50),
    p99: pct(99),
    max: latencies.at(-1)!,
    perSecond: latencies.length / seconds,
    errors: errors.length,
    cpuPerRequest: cpuBefore !== null && cpuAfter !== null ? (cpuAfter - cpuBefore) / latencies.length : null,
    postgresCpuPerRequest: pgAfter.size ? postgresCpuSince(pgBefore, pgAfter) / latencies.length : null,
    clientCpuPerRequest:
      clientBefore !== null && clientAfter !== null ? (clientAfter - clientBefore) / latencies.length : null,
    window: { from, to },
  };
  console.log(
    `  ${target.padEnd(24)} ${w.label.padEnd(36)} p99 ${r.p99.toFixed(1)} ms, ${r.perSecond.toFixed(0)}/s${errors.length ? `, ${errors.length} failed calls, first: ${errors[0]!.slice(0, 200)}` : ""}`,
  );
  return r;
}

const results: Result[] = [];
const servers: ProductionServer[] = [];
const childEnv = {
  DATABASE_URL: process.env.DATABASE_URL ?? "",
  PUBLIC_URL: process.env.PUBLIC_URL,
  BETTER_AUTH_SECRET: process.env.BETTER_AUTH_SECRET,
  LOG_LEVEL: serverLogLevel ?? "info",
};
try {
  if (!process.env.DATABASE_URL && (ONLY.has("production") || ONLY.has("baseline")))
    throw new Error("set DATABASE_URL: the production servers must use the database this bench seeds");
  const targets: { name: string; base: string; bare: boolean; server?: ProductionServer }[] = [];
  if (BASELINE && ONLY.has("baseline")) {
    const s = await startProductionServer({
      dir: BASELINE,
      port: PORT + 1,
      env: { ...childEnv, DBOS_EXECUTOR_ID: "bench-baseline" },
    });
    servers.push(s);
    targets.push({ name: `baseline (${path.basename(BASELINE)})`, base: s.base, bare: false, server: s });
  }
  if (ONLY.has("production")) {
    const s = await startProductionServer({
      dir: process.cwd(),
      port: PORT,
      env: { ...childEnv, DBOS_EXECUTOR_ID: "bench-production" },
      profile: PROFILE,
    });
    servers.push(s);
    targets.push({ name: PROFILE ? "production (profiled)" : "production", base: s.base, bare: false, server: s });
  }
  // The production servers alternate workload by workload (baseline first), ROUNDS times.
  for (const w of workloads)
    for (let round = 0; round < ROUNDS; round++)
      for (const t of targets) results.push(await measure(t.name, t.base, t.bare, w, t.server?.child.pid));

  if (ONLY.has("handlers")) {
    const server = handlersServer();
    const base = await listen(server);
    for (const w of workloads) results.push(await measure("handlers, bare Node", base, false, w));
    server.close();
  }
  if (ONLY.has("bare")) {
    const server = bareServer();
    const base = await listen(server);
    for (const w of workloads.filter((x) => x.thinkMs === 0))
      results.push(await measure("bare Node, fixed TwiML", base, true, w));
    server.close();
  }

  console.log(
    `\nbench:voice  ${CALLS} concurrent callers x ${TURNS} turns  (${os.cpus().length} CPUs, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}, pool ${process.env.DATABASE_POOL_MAX ?? 10})`,
  );
  console.log(
    `${"target".padEnd(26)} ${"workload".padEnd(36)} ${"reqs".padStart(5)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"max ms".padStart(8)} ${"per s".padStart(7)} ${"failed".padStart(6)} ${"CPU ms/req".padStart(10)} ${"PG CPU".padStart(7)} ${"client".padStart(7)}`,
  );
  for (const r of results)
    console.log(
      `${r.target.padEnd(26)} ${r.workload.padEnd(36)} ${String(r.requests).padStart(5)} ${r.p50.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${r.max.toFixed(1).padStart(8)} ${r.perSecond.toFixed(0).padStart(7)} ${String(r.errors).padStart(6)} ${(r.cpuPerRequest?.toFixed(2) ?? "").padStart(10)} ${(r.postgresCpuPerRequest?.toFixed(2) ?? "").padStart(7)} ${(r.clientCpuPerRequest?.toFixed(2) ?? "").padStart(7)}`,
    );
  const mean = (target: string, key: string, k: "p99" | "perSecond") => {
    const rs = results.filter((r) => r.target.startsWith(target) && r.key === key);
    return rs.length ? rs.reduce((a, r) => a + r[k], 0) / rs.length : null;
  };
  const callsP99 = mean("production", "voice-calls", "p99");
  if (callsP99 !== null)
    console.log(
      `target: production p99 <= 50 ms with ${CALLS} calls in progress -> ${callsP99.toFixed(1)} ms, ${callsP99 <= 50 ? "met" : "NOT met"}`,
    );
  for (const [route, counts] of sentPerRoute) {
    const figure = (k: keyof Sent) => {
      const xs = counts.map((c) => c[k]).sort((a, b) => a - b);
      return `mean ${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(1)}, median ${xs[xs.length >> 1]}, max ${xs.at(-1)}`;
    };
    console.log(
      `per request (handlers target), ${route}: statements ${figure("statements")}; round trips ${figure("roundTrips")}`,
    );
  }
  const cpu = (target: string, key: string) => {
    const rs = results.filter((r) => r.target.startsWith(target) && r.key === key && r.cpuPerRequest !== null);
    return rs.length ? rs.reduce((a, r) => a + r.cpuPerRequest!, 0) / rs.length : null;
  };
  for (const key of ["voice-saturated", "sms-saturated"]) {
    const [b, p] = [cpu("baseline", key), cpu("production", key)];
    if (b !== null && p !== null)
      console.log(
        `server CPU per request, ${key}: ${p.toFixed(2)} ms vs the baseline's ${b.toFixed(2)} ms (${(b / p).toFixed(1)}x less)`,
      );
  }
  // What the machine's cores can give: every request costs the server, Postgres and the client CPU.
  for (const target of ["baseline", "production"])
    for (const key of ["voice-saturated", "sms-saturated"]) {
      const rs = results.filter(
        (r) =>
          r.target.startsWith(target) &&
          r.key === key &&
          r.cpuPerRequest !== null &&
          r.postgresCpuPerRequest !== null &&
          r.clientCpuPerRequest !== null,
      );
      if (!rs.length) continue;
      const avg = (f: (r: Result) => number) => rs.reduce((a, r) => a + f(r), 0) / rs.length;
      const [server, postgres, client] = [
        avg((r) => r.cpuPerRequest!),
        avg((r) => r.postgresCpuPerRequest!),
        avg((r) => r.clientCpuPerRequest!),
      ];
      const total = server + postgres + client;
      console.log(
        `CPU per request, ${target} ${key}: server ${server.toFixed(2)} + Postgres ${postgres.toFixed(2)} + client ${client.toFixed(2)} = ${total.toFixed(2)} ms, at most ${((os.cpus().length * 1000) / total).toFixed(0)}/s on ${os.cpus().length} cores`,
      );
    }
  const now = mean("production", "voice-saturated", "perSecond");
  const before = mean("baseline", "voice-saturated", "perSecond");
  if (now !== null && before !== null)
    console.log(
      `target: saturated turns/s >= 3x the baseline's -> ${now.toFixed(0)} vs ${before.toFixed(0)} (${(now / before).toFixed(1)}x), ${now >= 3 * before ? "met" : "NOT met"}`,
    );
} finally {
  for (const s of servers) await s.stop();
  agent.destroy();
  await db.delete(organization).where(eq(organization.id, orgId));
  await closeRealtimeHub();
  await closeDb();
  await embedded?.stop();
}

const profiled = servers.find((s) => s.profileDir);
if (profiled?.profileDir) {
  const file = readdirSync(profiled.profileDir).find((n) => n.endsWith(".cpuprofile"));
  if (!file) console.log(`no CPU profile was written in ${profiled.profileDir}`);
  else {
    const full = path.join(profiled.profileDir, file);
    for (const r of results.filter((x) => x.target.startsWith("production") && x.workload.includes("saturated")))
      printProfile(`CPU profile of the production server, ${r.workload}`, summariseProfile(full, r.window));
    console.log(`\nprofile (flame graph: Chrome DevTools > Performance > Load profile, or speedscope): ${full}`);
  }
}
