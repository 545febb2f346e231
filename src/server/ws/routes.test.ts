import http from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";

import { handleUpgrade, registerWsRoute } from "./routes";

let server: http.Server;
let base: string;
const passedToNext: string[] = [];

beforeAll(async () => {
  registerWsRoute({
    path: "/test/guarded",
    authorize: (req) => req.headers["x-allow"] === "yes",
    onConnection: (ws) => ws.send("welcome"),
  });
  server = http.createServer();
  server.on("upgrade", (req, socket, head) => {
    void handleUpgrade(req, socket, head).then((handled) => {
      if (!handled) {
        passedToNext.push(req.url ?? "");
        socket.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
const clients: WebSocket[] = [];
afterAll(async () => {
  for (const c of clients) {
    // A client still connecting reports its aborted handshake as an 'error' event; nobody listens any more.
    c.on("error", () => {});
    c.terminate();
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function connect(path: string, options?: WebSocket.ClientOptions) {
  const ws = new WebSocket(`${base}${path}`, options);
  clients.push(ws);
  return ws;
}

function firstMessage(ws: WebSocket) {
  return new Promise<string>((resolve, reject) => {
    ws.once("message", (data) => resolve(String(data)));
    ws.once("error", reject);
  });
}

describe("WebSocket upgrade routing", () => {
  it("serves the health probe", async () => {
    const message = JSON.parse(await firstMessage(connect("/api/ws/health")));
    expect(message.type).toBe("ready");
  });

  it("refuses a handshake its route does not authorize, with 403 and no socket", async () => {
    const status = await new Promise<number>((resolve) => {
      const ws = connect("/test/guarded");
      ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      ws.on("open", () => resolve(101));
    });
    expect(status).toBe(403);
    expect(await firstMessage(connect("/test/guarded", { headers: { "x-allow": "yes" } }))).toBe("welcome");
  });

  it("leaves other paths to Next (hot reload in development)", async () => {
    const ws = connect("/_next/webpack-hmr");
    await new Promise((resolve) => ws.once("error", resolve));
    expect(passedToNext).toContain("/_next/webpack-hmr");
  });
});
