import type { IncomingMessage } from "node:http";

import type { WebSocket } from "ws";

import { onDrain } from "@/server/lifecycle/drain";
import { verifyConversationRelayHandshake } from "@/server/telephony/webhook-auth";
import { accountSidOfNumber } from "@/server/telephony/webhook-owner";
import { registerWsRoute } from "@/server/ws/routes";

import { findCallById } from "./call-lookup";
import { RelaySession } from "./relay-session";
import { VOICE_PATHS } from "./twiml";
import { UUID } from "@/lib/uuid";

/**
 * ConversationRelay's WebSocket (wss://PUBLIC_URL/api/twilio/relay?c=<conversation id>). The
 * handshake must carry a valid X-Twilio-Signature over that URL, else 403 before any socket opens.
 * Imported once by server.ts, which routes upgrades through src/server/ws/routes.ts.
 */
const conversationIdOf = (req: IncomingMessage) =>
  new URL(req.url ?? "/", "http://internal").searchParams.get("c") ?? "";

export async function authorizeRelay(req: IncomingMessage): Promise<boolean> {
  const signature = req.headers["x-twilio-signature"];
  if (typeof signature !== "string" || !signature) return false;
  const c = conversationIdOf(req);
  if (!UUID.test(c)) return false;
  const call = await findCallById(c);
  if (!call || call.status !== "active") return false;
  return verifyConversationRelayHandshake({
    signature,
    pathAndQuery: req.url ?? "/",
    accountSid: await accountSidOfNumber(call.toAddress),
  });
}

/** This process's open relay sockets, for the graceful shutdown. */
const open = new Map<WebSocket, RelaySession>();

/**
 * On shutdown each call finishes its turn and is handed over (`end` with reason `reconnect`: Twilio
 * asks the <Connect action> URL, through the balancer, for a new session elsewhere). Twilio closes
 * the socket after `end`; any socket still open at the deadline is closed by us.
 */
onDrain("conversation-relay", async (deadline) => {
  await Promise.all([...open.values()].map((session) => session.handOver()));
  const sockets = [...open.keys()];
  await Promise.race([
    Promise.all(
      sockets.map(
        (ws) =>
          new Promise<void>((resolve) => (ws.readyState === ws.CLOSED ? resolve() : ws.once("close", () => resolve()))),
      ),
    ),
    new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())).unref()),
  ]);
  for (const ws of open.keys()) ws.close(1001, "server shutting down");
});

registerWsRoute({
  path: VOICE_PATHS.relay,
  authorize: authorizeRelay,
  onConnection(ws, req) {
    const session = new RelaySession(
      {
        send: (msg) => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
        },
        close: (code, reason) => ws.close(code, reason),
      },
      conversationIdOf(req),
    );
    open.set(ws, session);
    ws.on("close", () => open.delete(ws));
    ws.on("message", (data) => void session.handle(String(data)));
  },
});
