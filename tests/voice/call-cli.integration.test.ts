import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import "@/server/channels/voice/relay-route";
import { WEBHOOK_HANDLERS } from "@/server/channels/simulator/in-process";
import { handleUpgrade } from "@/server/ws/routes";

import { conversationBySid, orgWithVoiceNumber } from "./voice-helpers";

delete process.env.TWILIO_ACCOUNT_SID;
delete process.env.TWILIO_AUTH_TOKEN;

/** The webhook handlers and the relay WebSocket behind a real HTTP server, for `npm run call`. */
let server: http.Server;
let base = "";
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const handler = WEBHOOK_HANDLERS[url.pathname];
      if (!handler) return void res.writeHead(404).end();
      void handler(
        new Request(url, {
          method: "POST",
          headers: req.headers as Record<string, string>,
          body: Buffer.concat(chunks),
        }),
      ).then(async (r) => res.writeHead(r.status, Object.fromEntries(r.headers)).end(await r.text()));
    });
  });
  server.on(
    "upgrade",
    (req, socket, head) => void handleUpgrade(req, socket, head).then((ours) => ours || socket.destroy()),
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));

function cli(args: string[]): Promise<{ code: number; out: string }> {
  const root = path.resolve(import.meta.dirname, "../..");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/call.ts", ...args], {
      cwd: root,
      env: { ...process.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code: code ?? -1, out }));
  });
}

describe("npm run call", () => {
  it("plays a gather call and a ConversationRelay call over HTTP with signed requests and prints the replies", async () => {
    const s = await orgWithVoiceNumber();
    const r = await cli(["--to", s.number, "--url", base, "how much is a ten by ten", "goodbye"]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/ agent > Thanks for calling Oak Street Storage/);
    expect(r.out).toMatch(/caller > how much is a ten by ten\n agent > .*dollars/);
    const sid = /Gather call (CA[0-9a-f]{32})/.exec(r.out)?.[1];
    expect(await conversationBySid(s.org.id, sid!)).toMatchObject({ status: "ended", turnCount: 2 });

    const relay = await orgWithVoiceNumber({ voiceMode: "relay" });
    const rr = await cli(["--to", relay.number, "--url", base, "what are your office hours"]);
    expect(rr.code, rr.out).toBe(0);
    expect(rr.out).toMatch(/ConversationRelay call CA/);
    expect(rr.out).toMatch(/caller > what are your office hours\n agent > \S+/);
  });

  it("texts with --sms, and fails clearly on bad arguments", async () => {
    const s = await orgWithVoiceNumber();
    const r = await cli(["--sms", "--to", s.number, "--url", base, "do you have a 10x10"]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/caller > do you have a 10x10\n agent > \S+/);
    const bad = await cli(["--url", base, "hello"]);
    expect(bad.code).toBe(2);
    expect(bad.out).toContain("--to is required");
  });
});
