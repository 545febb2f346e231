import type { IncomingMessage } from "node:http";

import { verifyConversationRelayHandshake } from "@/server/telephony/webhook-auth";
import { registerWsRoute } from "@/server/ws/routes";

import { accountSidOfNumber, findCallById } from "./call-lookup";
import { RelaySession } from "./relay-session";
import { VOICE_PATHS } from "./twiml";

/**
 * ConversationRelay's WebSocket (wss://PUBLIC_URL/api/twilio/relay?c=<conversation id>). The
 * handshake must carry a valid X-Twilio-Signature over that URL, else 403 before any socket opens.
 * Imported once by server.ts, which routes upgrades through src/server/ws/routes.ts.
 */
const conversationIdOf = (req: IncomingMessage) =>
  new URL(req.url ?? "/", "http://internal").searchParams.get("c") ?? "";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
    ws.on("message", (data) => void session.handle(String(data)));
  },
});
