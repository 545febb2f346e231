import { GET, OPTIONS, POST } from "@/app/api/chat/[...path]/route";
import { seedAgentFacility } from "../agent/seed";
import { callerFor, seedOrganization, unique } from "../factories";

/**
 * The chat endpoints called the way Next calls them: a Request into the route module's exports.
 * Each test passes its own client address (X-Forwarded-For, as server.ts sets it) so per-IP budgets
 * never mix between tests.
 */
const HANDLERS = { GET, POST, OPTIONS } as const;
export const BASE = "http://localhost:3000/api/chat";

export interface ChatCall {
  origin?: string | null;
  token?: string;
  ip?: string;
  body?: unknown;
  rawBody?: string;
  contentType?: string;
}

export async function chat(method: keyof typeof HANDLERS, path: string, init: ChatCall = {}) {
  const headers: Record<string, string> = { "x-forwarded-for": init.ip ?? newIp() };
  if (init.origin) headers.origin = init.origin;
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const body = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  if (body !== undefined) headers["content-type"] = init.contentType ?? "application/json";
  return HANDLERS[method](new Request(BASE + path, { method, headers, body }));
}

export async function chatJson(method: keyof typeof HANDLERS, path: string, init: ChatCall = {}) {
  const res = await chat(method, path, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

let ipCounter = 0;
/** A fresh client address from the documentation range, unique within this process. */
export const newIp = () => `198.51.100.${++ipCounter % 250}-${unique("ip")}`;

/** Parses a text/event-stream body into its events. */
export async function readSse(res: Response): Promise<{ event: string; data: Record<string, unknown> }[]> {
  const text = await res.text();
  return text
    .split("\n\n")
    .filter((f) => f.trim())
    .map((frame) => {
      const event = /^event: (.+)$/m.exec(frame)?.[1] ?? "message";
      const data = /^data: (.+)$/m.exec(frame)?.[1] ?? "{}";
      return { event, data: JSON.parse(data) as Record<string, unknown> };
    });
}

/** An organization with the agent test facility and its widget (allowed origins as given). */
export async function seedChatOrg(allowedOrigins: string[] = ["https://shop.example"]) {
  const org = await seedOrganization();
  const { facility, unitTypes } = await seedAgentFacility(org.id);
  const owner = await callerFor(org.owner);
  const widget = await owner.chatWidget.save({ facilityId: facility.id, allowedOrigins });
  return { org, owner, facility, unitTypes, widget, key: widget.publicKey };
}

/** Starts a conversation through the public endpoint. */
export async function startChat(key: string, init: ChatCall = {}) {
  const r = await chatJson("POST", `/${key}/conversations`, { body: {}, ...init });
  if (r.status !== 201) throw new Error(`start failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { conversationId: string; token: string; messages: { seq: number; role: string; text: string }[] };
}

export async function say(key: string, conversationId: string, token: string, text: string, init: ChatCall = {}) {
  const res = await chat("POST", `/${key}/conversations/${conversationId}/messages`, {
    token,
    body: { text },
    ...init,
  });
  return { res, events: res.status === 200 ? await readSse(res) : [] };
}
