import { randomBytes } from "node:crypto";

import WebSocket from "ws";

import { publicUrl, publicWebSocketUrl, signRequest } from "@/server/integrations/twilio";

import type { RelayOutgoing } from "../voice/relay-session";

/**
 * How the call simulator reaches our webhooks: over HTTP to a running app (the CLI), or straight
 * into the route handlers (the dashboard's "Simulate a call", the benchmark). Either way every
 * request is signed exactly as Twilio signs it: over PUBLIC_URL + path and the sorted form params.
 */
export interface RelayLink {
  send(msg: unknown): void;
  /** Our next message to "Twilio" (text token or end). */
  next(): Promise<RelayOutgoing>;
  close(): void;
}

export interface WebhookTransport {
  post(pathAndQuery: string, params: Record<string, string>): Promise<{ status: number; body: string }>;
  /** Opens the ConversationRelay WebSocket at `url` (as given in TwiML) with a signed handshake. */
  relay(url: string): Promise<RelayLink>;
}

export const randomSid = (prefix: "CA" | "SM" | "AC") => `${prefix}${randomBytes(16).toString("hex")}`;

/** A plausible, valid US caller number (not a real customer's). */
export function randomCallerNumber(): string {
  const exchange = 200 + (randomBytes(2).readUInt16BE() % 800);
  const line = String(randomBytes(2).readUInt16BE() % 10000).padStart(4, "0");
  return `+1415${exchange}${line}`;
}

/** Queue of incoming relay messages with a promise-returning `next`. */
export function relayInbox() {
  const queue: RelayOutgoing[] = [];
  const waiters: ((m: RelayOutgoing) => void)[] = [];
  return {
    push(m: RelayOutgoing) {
      const w = waiters.shift();
      if (w) w(m);
      else queue.push(m);
    },
    next(): Promise<RelayOutgoing> {
      const m = queue.shift();
      return m ? Promise.resolve(m) : new Promise((r) => waiters.push(r));
    },
  };
}

/** HTTP to a running app at `baseUrl` (defaults to PUBLIC_URL). Signatures still use PUBLIC_URL. */
export function httpTransport(baseUrl = publicUrl("/")): WebhookTransport {
  const base = baseUrl.replace(/\/+$/, "");
  return {
    async post(pathAndQuery, params) {
      const res = await fetch(`${base}${pathAndQuery}`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-twilio-signature": signRequest(publicUrl(pathAndQuery), params),
        },
        body: new URLSearchParams(params).toString(),
      });
      return { status: res.status, body: await res.text() };
    },
    relay(url) {
      const u = new URL(url);
      const pathAndQuery = `${u.pathname}${u.search}`;
      const signature = signRequest(publicWebSocketUrl(pathAndQuery), {});
      const ws = new WebSocket(`${base.replace(/^http/, "ws")}${pathAndQuery}`, {
        headers: { "x-twilio-signature": signature },
      });
      const inbox = relayInbox();
      ws.on("message", (data) => inbox.push(JSON.parse(String(data)) as RelayOutgoing));
      return new Promise((resolve, reject) => {
        ws.on("unexpected-response", (_req, res) =>
          reject(new Error(`relay handshake refused: HTTP ${res.statusCode}`)),
        );
        ws.on("error", reject);
        ws.on("open", () =>
          resolve({ send: (m) => ws.send(JSON.stringify(m)), next: inbox.next, close: () => ws.close() }),
        );
      });
    },
  };
}
