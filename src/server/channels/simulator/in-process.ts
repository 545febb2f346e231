import { signRequest, publicUrl } from "@/server/integrations/twilio";

import { RelaySession } from "../voice/relay-session";
import { TWILIO_WEBHOOKS } from "../webhook-routes";
import { relayInbox, type WebhookTransport } from "./transport";

/**
 * The app's own webhook handlers, called directly with signed Requests (no network): what the
 * dashboard's "Simulate a call" and the benchmark use. Same signature checks, same code paths.
 */
export const WEBHOOK_HANDLERS = TWILIO_WEBHOOKS;

export function inProcessTransport(): WebhookTransport {
  return {
    async post(pathAndQuery, params) {
      const url = publicUrl(pathAndQuery);
      const handler = WEBHOOK_HANDLERS[new URL(url).pathname];
      if (!handler) throw new Error(`no webhook at ${pathAndQuery}`);
      const res = await handler(
        new Request(url, {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            "x-twilio-signature": signRequest(url, params),
          },
          body: new URLSearchParams(params).toString(),
        }),
      );
      return { status: res.status, body: await res.text() };
    },
    async relay(url) {
      const conversationId = new URL(url).searchParams.get("c") ?? "";
      const inbox = relayInbox();
      const session = new RelaySession({ send: (m) => inbox.push(m), close: () => {} }, conversationId);
      return { send: (m) => void session.handle(JSON.stringify(m)), next: inbox.next, close: () => {} };
    },
  };
}
