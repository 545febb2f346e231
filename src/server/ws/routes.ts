import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";

import { WebSocketServer, type WebSocket } from "ws";

/**
 * WebSocket endpoints served by server.ts. Each entry owns one path; upgrades for other paths go to
 * Next (its dev server uses them for hot reload). Channels such as Twilio ConversationRelay register
 * here. `authorize` runs before the upgrade completes, so a refused handshake never opens a socket.
 */
export interface WsRoute {
  path: string;
  authorize?: (req: IncomingMessage) => Promise<boolean> | boolean;
  onConnection: (socket: WebSocket, req: IncomingMessage) => void;
}

const routes = new Map<string, WsRoute>();
const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });

export function registerWsRoute(route: WsRoute) {
  routes.set(route.path, route);
}

/** Returns true when the upgrade was ours (handled or refused), false to let Next take it. */
export async function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<boolean> {
  const pathname = new URL(req.url ?? "/", "http://internal").pathname;
  const route = routes.get(pathname);
  if (!route) return false;
  let allowed = true;
  try {
    allowed = route.authorize ? await route.authorize(req) : true;
  } catch {
    allowed = false;
  }
  if (!allowed) {
    socket.write("HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    socket.destroy();
    return true;
  }
  wss.handleUpgrade(req, socket, head, (ws) => route.onConnection(ws, req));
  return true;
}

/** A probe for operators: proves WebSocket upgrades reach the app through their proxy. */
registerWsRoute({
  path: "/api/ws/health",
  onConnection(ws) {
    ws.send(JSON.stringify({ type: "ready", time: new Date().toISOString() }));
    ws.close(1000, "ok");
  },
});
