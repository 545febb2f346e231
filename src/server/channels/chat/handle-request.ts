import "server-only";

import { randomUUID } from "node:crypto";

import { z } from "zod";

import { respondStream } from "@/server/agent/engine";
import { recordUsage } from "@/server/billing/usage";
import { withOrg } from "@/server/db/client";
import { CONTROL_CHARACTER_MESSAGE, findControlCharacter } from "@/server/http/control-characters";
import { parseUntrustedJson } from "@/lib/untrusted-json";
import { BodyTooLargeError, readBoundedBody } from "@/server/http/untrusted-input";
import { log } from "@/server/log";
import { recordIfStaffHandles } from "@/server/channels/staff-thread";

import { authorizeConversation, chatHistory, startChat, widgetGreeting } from "./conversations";
import { ApiProblem, problemFrom } from "@/server/http/problem";
import {
  clientIp,
  corsHeaders,
  findWidget,
  limitConversation,
  limitIp,
  originAllowed,
  PREFLIGHT_HEADERS,
  type ChatWidgetAccess,
} from "./widget-access";

/**
 * The web chat widget's public endpoints (docs/web-chat.md), under /api/chat/{widget key}:
 *
 *   GET  /config                          appearance and greeting (no conversation is started)
 *   POST /conversations                   start: { conversationId, token, messages }
 *   GET  /conversations/{id}              history (Authorization: Bearer <token>)
 *   POST /conversations/{id}/messages     { text } → the reply as Server-Sent Events
 *
 * Order of checks: per-IP rate limit, the key, the page's origin (CORS), then the conversation token.
 */
export const CHAT_PREFIX = "/api/chat";
export const MAX_MESSAGE_CHARS = 1000;
const MAX_BODY_BYTES = 16 * 1024;

const ZSendMessage = z.object({
  text: z
    .string()
    .trim()
    .min(1, "Write a message first.")
    .max(MAX_MESSAGE_CHARS, `Keep messages under ${MAX_MESSAGE_CHARS} characters.`),
  /** A retried send with the same id never makes a second turn. */
  clientMessageId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/, "8 to 64 letters, digits, - or _.")
    .optional(),
});

type Route =
  | { name: "config"; key: string }
  | { name: "start"; key: string }
  | { name: "history"; key: string; conversationId: string }
  | { name: "send"; key: string; conversationId: string };

function route(method: string, path: string): Route {
  const parts = path.split("/").filter(Boolean);
  const [key, resource, conversationId, sub] = parts;
  let found: Route | null = null;
  let allowed = "";
  if (key && parts.length === 2 && resource === "config")
    [found, allowed] = [method === "GET" ? { name: "config", key } : null, "GET"];
  else if (key && parts.length === 2 && resource === "conversations")
    [found, allowed] = [method === "POST" ? { name: "start", key } : null, "POST"];
  else if (key && conversationId && parts.length === 3 && resource === "conversations")
    [found, allowed] = [method === "GET" ? { name: "history", key, conversationId } : null, "GET"];
  else if (key && conversationId && parts.length === 4 && resource === "conversations" && sub === "messages")
    [found, allowed] = [method === "POST" ? { name: "send", key, conversationId } : null, "POST"];
  else throw new ApiProblem("not-found", "No such chat endpoint. See docs/web-chat.md.");
  if (!found)
    throw new ApiProblem("method-not-allowed", `Use ${allowed} on this path.`, {
      headers: { Allow: `${allowed}, OPTIONS` },
    });
  return found;
}

async function readJson(request: Request): Promise<unknown> {
  // Bounded while reading (a chunked body has no Content-Length) and checked for depth before parsing.
  let buf: Uint8Array;
  try {
    buf = await readBoundedBody(request, MAX_BODY_BYTES);
  } catch (err) {
    if (err instanceof BodyTooLargeError)
      throw new ApiProblem("payload-too-large", `Keep request bodies under ${MAX_BODY_BYTES} bytes.`);
    throw err;
  }
  if (buf.byteLength === 0) return {};
  if (!/^application\/json\b/i.test((request.headers.get("content-type") ?? "").trim()))
    throw new ApiProblem("unsupported-media-type");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(buf);
  } catch {
    throw new ApiProblem("invalid-json");
  }
  const parsed = parseUntrustedJson(text, { maxBytes: MAX_BODY_BYTES });
  if (!parsed.ok) throw new ApiProblem("invalid-json", parsed.reason === "too-deep" ? parsed.message : undefined);
  const body = parsed.value;
  const field = findControlCharacter(body);
  if (field !== null)
    throw new ApiProblem("validation-error", CONTROL_CHARACTER_MESSAGE, {
      errors: [{ location: "body", path: field, message: CONTROL_CHARACTER_MESSAGE }],
    });
  return body;
}

const json = (status: number, body: unknown, headers: Record<string, string>) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...headers },
  });

export async function handleChatRequest(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.startsWith(CHAT_PREFIX) ? url.pathname.slice(CHAT_PREFIX.length) : url.pathname;
  const method = request.method.toUpperCase();
  const origin = request.headers.get("origin");
  let headers: Record<string, string> = {};
  try {
    // Counted before anything else, preflights too: every request from the address, whatever it
    // asks, spends the same budget before a key is looked up (docs/web-chat.md, Limits).
    headers = await limitIp(clientIp(request.headers));
    if (method === "OPTIONS") return await preflight(path, origin);
    const r = route(method, path);
    const widget = await findWidget(r.key);
    if (!originAllowed(widget, origin))
      throw new ApiProblem(
        "origin-not-allowed",
        `${origin} is not among this widget's allowed sites (Settings > Web chat).`,
      );
    headers = { ...headers, ...corsHeaders(origin) };
    if (!widget.enabled) throw new ApiProblem("widget-disabled", "The web chat is switched off for this facility.");

    switch (r.name) {
      case "config":
        return json(
          200,
          {
            facilityName: widget.facilityName,
            greeting: widgetGreeting(widget),
            color: widget.color,
            maxMessageChars: MAX_MESSAGE_CHARS,
          },
          headers,
        );
      case "start":
        return json(201, await startChat(widget), headers);
      case "history": {
        const c = await authorizeConversation(widget, r.conversationId, request.headers.get("authorization"));
        return json(
          200,
          {
            conversationId: c.id,
            status: c.status,
            handler: c.handler,
            messages: await chatHistory(widget, c.id),
          },
          headers,
        );
      }
      case "send": {
        const { id, status } = await authorizeConversation(
          widget,
          r.conversationId,
          request.headers.get("authorization"),
        );
        // A closed thread (idle for a while, see channels/close-idle.ts) is not reopened: the widget starts a new one.
        if (status === "ended")
          throw new ApiProblem("conversation-ended", "This chat was closed; start a new conversation.");
        const parsed = ZSendMessage.safeParse(await readJson(request));
        if (!parsed.success) {
          throw new ApiProblem("validation-error", parsed.error.issues[0]?.message ?? "The message is not valid.", {
            errors: parsed.error.issues.map((i) => ({
              location: "body" as const,
              path: i.path.map(String).join("."),
              message: i.message,
            })),
          });
        }
        headers = { ...headers, ...(await limitConversation(id)) };
        // A chat a person took over: the message waits for them, the agent does not answer it.
        const held = await recordIfStaffHandles(
          {
            organizationId: widget.organizationId,
            body: parsed.data.text,
            idempotencyKey: `chat:${id}:${parsed.data.clientMessageId ?? randomUUID()}`,
          },
          id,
          new Date(),
        );
        if (held) return heldReply(held.seq, headers);
        return streamReply(widget, id, parsed.data, headers);
      }
    }
  } catch (err) {
    const problem = problemFrom(err);
    if (!problem)
      log.error(
        { err: String(err), stack: (err as Error)?.stack, path: CHAT_PREFIX + "/…", method },
        "chat request failed",
      );
    const p = problem ?? new ApiProblem("internal-error", "Something went wrong on our side; it has been logged.");
    // The key is in the path and is not secret, but the instance names only the endpoint.
    return new Response(JSON.stringify(p.body(url.pathname.replace(/\/pk_chat_[^/]+/, "/{key}"))), {
      status: p.status,
      headers: {
        "content-type": "application/problem+json",
        "cache-control": "no-store",
        ...headers,
        ...p.extra.headers,
      },
    });
  }
}

async function preflight(path: string, origin: string | null): Promise<Response> {
  const key = path.split("/").filter(Boolean)[0] ?? "";
  const widget = await findWidget(key);
  if (!originAllowed(widget, origin))
    throw new ApiProblem("origin-not-allowed", `${origin} is not among this widget's allowed sites.`);
  return new Response(null, { status: 204, headers: { ...corsHeaders(origin), ...PREFLIGHT_HEADERS } });
}

/**
 * The agent's reply as Server-Sent Events: `token` events carry text as it is written, `reset`
 * says to drop what was streamed (the model failed and the default brain answered instead), `done`
 * carries the whole stored reply, `error` a problem document if the turn failed.
 */
function streamReply(
  widget: ChatWidgetAccess,
  conversationId: string,
  input: z.infer<typeof ZSendMessage>,
  headers: Record<string, string>,
): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: string, data: unknown) =>
        controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      try {
        const events = respondStream({
          organizationId: widget.organizationId,
          conversationId,
          text: input.text,
          idempotencyKey: input.clientMessageId ? `chat:${conversationId}:${input.clientMessageId}` : undefined,
        });
        for await (const e of events) {
          if (e.type === "token") send("token", { text: e.text });
          else if (e.type === "reset") send("reset", {});
          else {
            send("done", {
              message: {
                seq: e.turn.state.lastAgentSeq ?? null,
                role: "agent",
                text: e.turn.reply,
                at: new Date().toISOString(),
              },
              duplicate: e.turn.duplicate,
              handler: "agent",
            });
            if (!e.turn.duplicate) await meterMessage(widget.organizationId, conversationId, e.turn.state.lastAgentSeq);
          }
        }
      } catch (err) {
        log.error({ err: String(err), conversationId }, "chat turn failed");
        send(
          "error",
          new ApiProblem("internal-error", "The assistant could not answer; please try again.").body(
            `${CHAT_PREFIX}/{key}/conversations/${conversationId}/messages`,
          ),
        );
      } finally {
        controller.close();
      }
    },
  });
  return new Response(stream, {
    status: 200,
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
      ...headers,
    },
  });
}

/**
 * The answer to a message in a chat a person holds: a `done` event with no message (nobody answers
 * at once; the person's answer arrives in the history the widget fetches) and `handler: "staff"`.
 */
function heldReply(seq: number | null, headers: Record<string, string>): Response {
  const body = `event: done\ndata: ${JSON.stringify({ message: null, duplicate: seq === null, handler: "staff" })}\n\n`;
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      ...headers,
    },
  });
}

/** One answered visitor message is one metered message (docs/billing.md), once per stored turn. */
async function meterMessage(organizationId: string, conversationId: string, agentSeq: number | undefined) {
  if (!agentSeq) return;
  try {
    await withOrg(organizationId, (tx) =>
      recordUsage(tx, {
        organizationId,
        kind: "messages",
        quantity: 1,
        sourceId: `chat:${conversationId}:${agentSeq}`,
      }),
    );
  } catch (err) {
    // The visitor has the answer already; a lost meter row is logged, not a failed reply.
    log.error({ err: String(err), conversationId }, "could not record chat message usage");
  }
}
