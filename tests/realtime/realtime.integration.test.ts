import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { closeRealtimeHub } from "@/server/realtime/hub";
import { publish } from "@/server/realtime/publish";
import { handlePusherAuth } from "@/server/realtime/pusher-auth";
import { handleRealtimeStream } from "@/server/realtime/sse";

import { seedOrganization, seedUser } from "../factories";
import { startFakePusher } from "../fakes/pusher-server";

/**
 * The SSE endpoint served by a real HTTP server in this process; events published by ANOTHER
 * process (a tsx child using the app's realtime module) must reach it through Postgres NOTIFY.
 */
let server: http.Server;
let base = "";
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const controller = new AbortController();
    req.on("close", () => controller.abort());
    const request = new Request(`http://127.0.0.1${req.url}`, {
      headers: req.headers as Record<string, string>,
      signal: controller.signal,
    });
    void handleRealtimeStream(request).then(async (r) => {
      res.writeHead(r.status, Object.fromEntries(r.headers));
      if (!r.body) return res.end();
      for await (const chunk of r.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await closeRealtimeHub();
});

interface SseEvent {
  event: string;
  data: unknown;
}

/** An EventSource-like reader: resolves `until` when a matching event arrives. */
async function openStream(headers: Headers) {
  const ac = new AbortController();
  const res = await fetch(`${base}/api/realtime/stream`, { headers, signal: ac.signal });
  const events: SseEvent[] = [];
  const waiters: { pred: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }[] = [];
  if (res.ok && res.body) {
    void (async () => {
      let buf = "";
      const decoder = new TextDecoder();
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buf += decoder.decode(chunk, { stream: true });
          let i;
          while ((i = buf.indexOf("\n\n")) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (!event || data === undefined) continue;
            const e = { event, data: JSON.parse(data) as unknown };
            events.push(e);
            for (const w of [...waiters]) {
              if (!w.pred(e)) continue;
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(e);
            }
          }
        }
      } catch {
        // aborted
      }
    })();
  }
  return {
    status: res.status,
    events,
    until: (pred: (e: SseEvent) => boolean) => {
      const hit = events.find(pred);
      return hit ? Promise.resolve(hit) : new Promise<SseEvent>((r) => waiters.push({ pred, resolve: r }));
    },
    close: () => ac.abort(),
  };
}

function publishFromAnotherProcess(...pairs: string[]): Promise<number> {
  const root = path.resolve(import.meta.dirname, "../..");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "tests/realtime/publish-once.ts", ...pairs], {
      cwd: root,
      env: { ...process.env },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("error", reject);
    child.on("exit", (code) => resolve(code ?? -1));
  });
}

describe("realtime over Postgres LISTEN/NOTIFY and Server-Sent Events", () => {
  it("delivers an event published by another process to an SSE client of this one, for its own organization only", async () => {
    const a = await seedOrganization();
    const b = await seedOrganization();
    const stream = await openStream(a.owner.headers);
    expect(stream.status).toBe(200);
    await stream.until((e) => e.event === "ready");
    const convA = crypto.randomUUID();
    const convB = crypto.randomUUID();
    // B's event first: if org scoping failed, it would arrive before A's.
    expect(await publishFromAnotherProcess(`${b.id}:${convB}`, `${a.id}:${convA}`)).toBe(0);
    const got = await stream.until((e) => e.event === "conversation.started");
    expect(got.data).toEqual({ type: "conversation.started", conversationId: convA, channel: "voice" });
    // And in-process publishes arrive too.
    await publish(a.id, { type: "message.created", conversationId: convA, seq: 2 });
    expect((await stream.until((e) => e.event === "message.created")).data).toMatchObject({ seq: 2 });
    expect(stream.events.some((e) => JSON.stringify(e.data).includes(convB))).toBe(false);
    stream.close();
  });

  it("refuses a stream without a session or without an active organization", async () => {
    const anonymous = await openStream(new Headers());
    expect(anonymous.status).toBe(401);
    const noOrg = await seedUser();
    expect((await openStream(noOrg.headers)).status).toBe(401);
  });
});

describe("realtime over Pusher when configured", () => {
  it("triggers on the organization's private channel through the official SDK, and authorises only that channel", async () => {
    const fake = await startFakePusher();
    const saved = { ...process.env };
    Object.assign(process.env, fake.env);
    try {
      const a = await seedOrganization();
      const b = await seedOrganization();
      await publish(a.id, { type: "conversation.ended", conversationId: "c-1" });
      expect(fake.rejected).toEqual([]);
      expect(fake.events).toEqual([
        {
          name: "conversation.ended",
          channels: [`private-org-${a.id}`],
          data: { type: "conversation.ended", conversationId: "c-1" },
        },
      ]);

      const authReq = (channel: string, headers: Headers) =>
        handlePusherAuth(
          new Request("http://x/api/realtime/pusher-auth", {
            method: "POST",
            headers: { ...Object.fromEntries(headers), "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({ socket_id: "123.456", channel_name: channel }).toString(),
          }),
        );
      const ok = await authReq(`private-org-${a.id}`, a.owner.headers);
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { auth: string }).auth).toMatch(new RegExp(`^${fake.key}:[0-9a-f]{64}$`));
      expect((await authReq(`private-org-${b.id}`, a.owner.headers)).status).toBe(403);
      expect((await authReq(`private-org-${a.id}`, new Headers())).status).toBe(401);
    } finally {
      for (const k of Object.keys(fake.env)) delete process.env[k];
      Object.assign(process.env, saved);
      await fake.close();
    }
  });
});
