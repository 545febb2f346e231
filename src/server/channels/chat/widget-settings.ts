import { randomBytes } from "node:crypto";

import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";

import { recordAudit } from "@/server/audit";
import type { Executor } from "@/server/db/client";
import { chatWidget, facility } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { DomainError, notFound } from "@/server/domain/errors";

/**
 * The operator's side of the web chat widget (Settings > Web chat): one widget per facility with a
 * publishable key, the sites allowed to embed it, a greeting and a colour. The key is not a secret
 * (it is in the page source), so it is stored and shown as is; rotating it stops the old snippet.
 */
export const WIDGET_KEY_PREFIX = "pk_chat_";
export const WIDGET_KEY_PATTERN = /^pk_chat_[A-Za-z0-9_-]{32}$/;
export const MAX_ALLOWED_ORIGINS = 20;
export const DEFAULT_WIDGET_COLOR = "#2563eb";

export const generateWidgetKey = () => WIDGET_KEY_PREFIX + randomBytes(24).toString("base64url");

/** `https://shop.example.com/any/path` → `https://shop.example.com`; anything but http(s) is refused. */
export function normalizeOrigin(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (url.username || url.password) return null;
  return url.origin;
}

const ZOrigin = z
  .string()
  .trim()
  .max(255)
  .transform((v, ctx) => {
    const origin = normalizeOrigin(v);
    if (!origin) {
      ctx.addIssue({ code: "custom", message: `"${v}" is not a site address like https://www.example.com.` });
      return z.NEVER;
    }
    return origin;
  });

export const ZSaveChatWidget = z.object({
  facilityId: z.uuid(),
  allowedOrigins: z.array(ZOrigin).max(MAX_ALLOWED_ORIGINS, `At most ${MAX_ALLOWED_ORIGINS} sites.`).default([]),
  greeting: z.string().trim().max(300, "Keep the greeting under 300 characters.").nullish(),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "Give the colour as #rrggbb.")
    .default(DEFAULT_WIDGET_COLOR),
  enabled: z.boolean().default(true),
});
export const ZChatWidgetFacility = z.object({ facilityId: z.uuid() });

const columns = {
  id: chatWidget.id,
  facilityId: chatWidget.facilityId,
  publicKey: chatWidget.publicKey,
  allowedOrigins: chatWidget.allowedOrigins,
  greeting: chatWidget.greeting,
  color: chatWidget.color,
  enabled: chatWidget.enabled,
  keyRotatedAt: chatWidget.keyRotatedAt,
  createdAt: chatWidget.createdAt,
  updatedAt: chatWidget.updatedAt,
};

/** Every facility of the organization with its widget, or null where none was set up yet. */
export async function listChatWidgets(tx: Executor, organizationId: string) {
  const rows = await tx
    .select({ facilityId: facility.id, facilityName: facility.name, widget: columns })
    .from(facility)
    .leftJoin(chatWidget, and(eq(chatWidget.facilityId, facility.id), eq(chatWidget.organizationId, organizationId)))
    .where(eq(facility.organizationId, organizationId))
    .orderBy(asc(facility.name));
  return rows.map((r) => ({
    facilityId: r.facilityId,
    facilityName: r.facilityName,
    widget: r.widget?.id ? r.widget : null,
  }));
}

async function assertFacility(tx: Executor, organizationId: string, facilityId: string) {
  const [f] = await tx
    .select({ id: facility.id })
    .from(facility)
    .where(and(eq(facility.organizationId, organizationId), eq(facility.id, facilityId)));
  if (!f) throw notFound("Facility");
}

/** Creates the facility's widget (with a new key) or updates its settings; the key is kept. */
export async function saveChatWidget(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  input: z.input<typeof ZSaveChatWidget>,
) {
  const v = ZSaveChatWidget.parse(input);
  await assertFacility(tx, organizationId, v.facilityId);
  const settings = {
    allowedOrigins: [...new Set(v.allowedOrigins)],
    greeting: v.greeting || null,
    color: v.color.toLowerCase(),
    enabled: v.enabled,
  };
  const [row] = await tx
    .insert(chatWidget)
    .values({ organizationId, facilityId: v.facilityId, publicKey: generateWidgetKey(), ...settings })
    .onConflictDoUpdate({
      target: chatWidget.facilityId,
      set: settings,
      setWhere: eq(chatWidget.organizationId, organizationId),
    })
    .returning(columns);
  // The conflict target is the facility, which assertFacility proved is ours; setWhere is a second line.
  if (!row) throw new DomainError("CONFLICT", "That facility's widget could not be saved.");
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "chat_widget.saved",
    targetType: "facility",
    targetId: v.facilityId,
    data: settings,
  });
  return row;
}

/** A new publishable key: the old one stops working at once (pages still embedding it get 401). */
export async function rotateChatWidgetKey(tx: Executor, organizationId: string, actor: Actor, facilityId: string) {
  const [row] = await tx
    .update(chatWidget)
    .set({ publicKey: generateWidgetKey(), keyRotatedAt: new Date() })
    .where(and(eq(chatWidget.organizationId, organizationId), eq(chatWidget.facilityId, facilityId)))
    .returning(columns);
  if (!row) throw notFound("Web chat widget");
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "chat_widget.key_rotated",
    targetType: "facility",
    targetId: facilityId,
    data: {},
  });
  return row;
}
