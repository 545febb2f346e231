import "server-only";

import { and, eq } from "drizzle-orm";

import { env } from "@/env";
import { countInWindow } from "@/server/auth/rate-limit";
import { db } from "@/server/db/client";
import { chatWidget, facility } from "@/server/db/schema";

import { ApiProblem } from "@/server/http/problem";
import { WIDGET_KEY_PATTERN } from "./widget-settings";

/**
 * Who may use the public chat endpoints: the widget named by its publishable key (found on the
 * system connection: the organization is what we are finding out), the page's origin checked
 * against the widget's allowed sites, and fixed-window rate limits per visitor IP and conversation.
 */
export interface ChatWidgetAccess {
  id: string;
  organizationId: string;
  facilityId: string;
  facilityName: string;
  allowedOrigins: string[];
  greeting: string | null;
  color: string;
  enabled: boolean;
}

export async function findWidget(key: string): Promise<ChatWidgetAccess> {
  if (!WIDGET_KEY_PATTERN.test(key))
    throw new ApiProblem(
      "invalid-widget-key",
      "The widget key is not valid; copy the snippet again from Settings > Web chat.",
    );
  const [row] = await db
    .select({
      id: chatWidget.id,
      organizationId: chatWidget.organizationId,
      facilityId: chatWidget.facilityId,
      facilityName: facility.name,
      allowedOrigins: chatWidget.allowedOrigins,
      greeting: chatWidget.greeting,
      color: chatWidget.color,
      enabled: chatWidget.enabled,
    })
    .from(chatWidget)
    .innerJoin(
      facility,
      and(eq(facility.id, chatWidget.facilityId), eq(facility.organizationId, chatWidget.organizationId)),
    )
    .where(eq(chatWidget.publicKey, key));
  if (!row)
    throw new ApiProblem(
      "invalid-widget-key",
      "The widget key is not valid; copy the snippet again from Settings > Web chat.",
    );
  return row;
}

/** Empty list: any site. A request without an Origin (not from a browser page) is not a cross-site read. */
export function originAllowed(widget: Pick<ChatWidgetAccess, "allowedOrigins">, origin: string | null): boolean {
  if (!origin || widget.allowedOrigins.length === 0) return true;
  return widget.allowedOrigins.includes(origin);
}

export function corsHeaders(origin: string | null): Record<string, string> {
  if (!origin) return { vary: "Origin" };
  return {
    "access-control-allow-origin": origin,
    "access-control-expose-headers": "RateLimit, RateLimit-Policy, Retry-After",
    vary: "Origin",
  };
}

export const PREFLIGHT_HEADERS = {
  "access-control-allow-methods": "GET, POST, OPTIONS",
  "access-control-allow-headers": "authorization, content-type",
  "access-control-max-age": "600",
};

/** The client address server.ts put in X-Forwarded-For (the socket's, unless behind a trusted proxy). */
export function clientIp(headers: Headers): string {
  return (headers.get("x-forwarded-for") ?? "").split(",")[0]!.trim() || "unknown";
}

const WINDOW_SECONDS = 60;

async function limit(key: string, max: number, what: string) {
  const { count, resetSeconds } = await countInWindow(key, WINDOW_SECONDS);
  const headers = {
    "RateLimit-Policy": `"${what}";q=${max};w=${WINDOW_SECONDS}`,
    RateLimit: `"${what}";r=${Math.max(0, max - count)};t=${resetSeconds}`,
  };
  if (count > max) {
    throw new ApiProblem(
      "rate-limited",
      `Too many ${what === "per-ip" ? "requests from this address" : "messages in this conversation"}; retry in ${resetSeconds} s.`,
      {
        headers: { ...headers, "Retry-After": String(resetSeconds) },
      },
    );
  }
  return headers;
}

export const limitIp = (ip: string) => limit(`chat:ip:${ip}`, env.CHAT_RATE_LIMIT_PER_IP, "per-ip");
export const limitConversation = (conversationId: string) =>
  limit(`chat:conversation:${conversationId}`, env.CHAT_RATE_LIMIT_PER_CONVERSATION, "per-conversation");
