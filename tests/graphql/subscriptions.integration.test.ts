import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

import { createClient, type Client } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";

import "@/server/graphql/ws";
import { closeRealtimeHub } from "@/server/realtime/hub";
import { handleUpgrade } from "@/server/ws/routes";

import { seedAgentFacility } from "../agent/seed";
import type { TestOrg } from "../factories";
import { newKey, seedApiOrg } from "../public-api/helpers";
import { randomUsNumber } from "../twilio-webhooks";

/**
 * Subscriptions over WebSocket (graphql-transport-ws) served the way server.ts serves them, fed by
 * events that ANOTHER process produces: they travel only through Postgres NOTIFY.
 */
let server: http.Server;
let url: string;
let org: TestOrg;
let key: string;
let facilityId: string;
let unitTypeId: string;
const clients: Client[] = [];

beforeAll(async () => {
  server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on("upgrade", (req, socket, head) => {
    void handleUpgrade(req, socket, head).then((ours) => ours || socket.destroy());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/api/graphql`;
  ({ org, key } = await seedApiOrg());
  const seeded = await seedAgentFacility(org.id);
  facilityId = seeded.facility.id;
  unitTypeId = seeded.unitTypes.small.id;
});

afterAll(async () => {
  for (const c of clients) await c.dispose();
  await new Promise((r) => server.close(r));
  await closeRealtimeHub();
});

function client(authorization: string) {
  const c = createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: { authorization },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => {},
  });
  clients.push(c);
  return c;
}

function produce(...args: string[]): Promise<string> {
  const root = path.resolve(import.meta.dirname, "../..");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "tests/graphql/produce-events.ts", ...args], {
      cwd: root,
      env: { ...process.env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`producer exited ${code}`))));
  });
}

type Result = { data?: Record<string, any> | null; errors?: unknown[] }; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Subscribes, gives the server a moment to LISTEN, runs `act` (a child process: seconds to start on
 * a busy machine) and returns the first result.
 */
async function firstResult(c: Client, query: string, act: () => Promise<unknown>, variables?: Record<string, unknown>) {
  const it = c.iterate({ query, variables });
  const next = it.next() as Promise<IteratorResult<Result>>;
  await new Promise((r) => setTimeout(r, 300));
  await act();
  const result = (await Promise.race([
    next,
    new Promise((_, reject) => setTimeout(() => reject(new Error(`no event for ${query}`)), 20_000)),
  ])) as IteratorResult<Result>;
  await it.return?.();
  return result.value;
}

describe("GraphQL subscriptions over WebSocket", { timeout: 120_000 }, () => {
  it("leadChanged delivers a lead written by another process, read through the subscriber's organization", async () => {
    const c = client(`Bearer ${key}`);
    const phone = randomUsNumber(512);
    const r = await firstResult(c, "subscription { leadChanged { id name phone status } }", () =>
      produce("lead", org.id, phone),
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.leadChanged).toMatchObject({ name: "Live Lead", phone, status: "NEW" });
  });

  it("reservationChanged delivers a booking made by another process, then its cancellation (one reservation by id)", async () => {
    const c = client(`Bearer ${key}`);
    const phone = randomUsNumber(512);
    let reservationId = "";
    const made = await firstResult(
      c,
      "subscription { reservationChanged { id status customer { name phone } } }",
      async () => {
        reservationId = await produce("reserve", org.id, unitTypeId, phone);
      },
    );
    expect(made.errors).toBeUndefined();
    expect(made.data!.reservationChanged).toMatchObject({
      id: reservationId,
      status: "ACTIVE",
      customer: { name: "Live Booking", phone },
    });

    const cancelled = await firstResult(
      c,
      "subscription($id: ID!) { reservationChanged(id: $id) { id status } }",
      () => produce("cancel", org.id, reservationId),
      { id: reservationId },
    );
    expect(cancelled.data!.reservationChanged).toEqual({ id: reservationId, status: "CANCELLED" });
  });

  it("callStarted, turnAdded and callEnded follow a call handled by another process", async () => {
    const c = client(`Bearer ${key}`);
    const from = randomUsNumber(512);
    let conversationId = "";
    const started = await firstResult(c, "subscription { callStarted { id channel from status } }", async () => {
      conversationId = await produce("call", org.id, facilityId, from);
    });
    expect(started.data!.callStarted).toMatchObject({ channel: "VOICE", from, status: "ACTIVE" });
    const id = started.data!.callStarted.id as string;

    const turn = await firstResult(
      c,
      "subscription($id: ID!) { turnAdded(conversationId: $id) { role text } }",
      () => produce("turn", org.id, id, "what are your hours"),
      { id },
    );
    expect(["CALLER", "AGENT"]).toContain(turn.data!.turnAdded.role);
    expect(turn.data!.turnAdded.text.length).toBeGreaterThan(0);

    const ended = await firstResult(c, "subscription { callEnded { id } }", () => produce("hangup", org.id, id));
    expect(ended.data!.callEnded.id).toBe(id);
    expect(conversationId).toBeTruthy();
  });

  it("another organization's subscriber hears nothing of it; a bad key cannot connect", async () => {
    const other = await seedApiOrg();
    const c = client(`Bearer ${other.key}`);
    const it = c.iterate({ query: "subscription { leadChanged { id } }" });
    const next = it.next();
    await produce("lead", org.id, randomUsNumber(512));
    const outcome = await Promise.race([
      next.then(() => "event"),
      new Promise((r) => setTimeout(() => r("quiet"), 2500)),
    ]);
    expect(outcome).toBe("quiet");
    await it.return?.();

    const closed = await new Promise<number>((resolve) => {
      const ws = new WebSocket(url, "graphql-transport-ws");
      ws.on("open", () =>
        ws.send(JSON.stringify({ type: "connection_init", payload: { authorization: "Bearer nope" } })),
      );
      ws.on("close", (code) => resolve(code));
    });
    expect(closed).toBe(4403);
  });

  it("a refused operation is that operation's error; the socket and its other subscriptions stay open", async () => {
    const readOnly = await newKey(org, ["read"]);
    const closes: number[] = [];
    const c = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${readOnly}` },
      retryAttempts: 0,
      lazy: false,
      on: { closed: (e) => closes.push((e as { code: number }).code) },
      onNonLazyError: () => {},
    });
    clients.push(c);
    const run = async (query: string) => {
      const it = c.iterate({ query });
      try {
        return (await it.next()).value as Result;
      } catch (errors) {
        return { errors: errors as unknown[] };
      } finally {
        await it.return?.();
      }
    };
    const listening = c.iterate({ query: "subscription { leadChanged { id } }" });
    const heard = listening.next();
    await new Promise((r) => setTimeout(r, 300));

    // A mutation with a read-only key (over HTTP: 403 FORBIDDEN).
    const write = await run(`mutation { createLead(input: { source: WEB, phone: "+15125550101" }) { __typename } }`);
    expect(JSON.stringify(write.errors)).toMatch(/write scope/);
    // Past the cost limit.
    const costly = await run("{ leads(first: 100000) { nodes { id } } }");
    expect(costly.errors?.length).toBeGreaterThan(0);
    // The same socket still answers, and its subscription still hears.
    const ok = await run("{ facilities { nodes { id } } }");
    expect(ok.errors).toBeUndefined();
    await produce("lead", org.id, randomUsNumber(512));
    const event = (await Promise.race([
      heard,
      new Promise((_, reject) => setTimeout(() => reject(new Error("no lead event")), 20_000)),
    ])) as IteratorResult<Result>;
    expect(event.value.data?.leadChanged).toBeTruthy();
    await listening.return?.();
    expect(closes).toEqual([]);
  });
});
