import { and, desc, eq, gte, ilike, like, lt, or, sql } from "drizzle-orm";
import { z } from "zod";

import { orgTimeZoneSql } from "@/server/analytics/filters";
import type { Executor } from "@/server/db/client";
import { auditLog } from "@/server/db/schema";
import { DomainError } from "@/server/domain/errors";
import { csvField } from "@/lib/csv";
import { coercedDate } from "@/lib/zod-dates";

/**
 * The audit log an admin reads and forwards (issue 22, item 7): filtered by what was done (an exact
 * action, or its area such as "reservation"), by who (any part of the actor's label), by what it was
 * done to, and by a time window; newest first, in pages on (created at, id) so rows never shift; a
 * readable sentence for each entry; and a CSV export of the same filter with times in the
 * organization's time zone.
 */
export const ZAuditFilter = z.object({
  /** "reservation.created" exactly, or "reservation" for every reservation action. */
  action: z.string().trim().max(80).nullish(),
  actor: z.string().trim().max(120).nullish(),
  targetType: z.string().trim().max(60).nullish(),
  from: coercedDate().nullish(),
  to: coercedDate().nullish(),
});
export const ZListAuditLog = ZAuditFilter.extend({
  cursor: z.string().max(200).nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type AuditFilter = z.input<typeof ZAuditFilter>;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function where(organizationId: string, f: z.infer<typeof ZAuditFilter>) {
  const action = f.action || null;
  return and(
    eq(auditLog.organizationId, organizationId),
    action
      ? action.includes(".")
        ? eq(auditLog.action, action)
        : or(eq(auditLog.action, action), like(auditLog.action, `${escapeLike(action)}.%`))
      : undefined,
    f.actor ? ilike(auditLog.actorLabel, `%${escapeLike(f.actor)}%`) : undefined,
    f.targetType ? eq(auditLog.targetType, f.targetType) : undefined,
    f.from ? gte(auditLog.createdAt, f.from) : undefined,
    f.to ? lt(auditLog.createdAt, f.to) : undefined,
  );
}

const encodeCursor = (at: Date, id: string) => Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");
function decodeCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const date = new Date(at ?? "");
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(date.getTime()))
    throw new DomainError("BAD_REQUEST", "That page of the audit log is not valid; start from the first page.");
  return { at: date, id };
}

/** "reservation.created" with its data → "Reservation created: ABC123". */
export function describeAudit(action: string, data: Record<string, unknown>): string {
  const words = action.replace(/[._]/g, " ");
  const sentence = words.charAt(0).toUpperCase() + words.slice(1);
  const detail = ["confirmationCode", "code", "name", "title", "email", "phone", "to", "status", "role"]
    .map((k) => data[k])
    .find((v): v is string => typeof v === "string" && v.length > 0 && v.length < 80);
  return detail ? `${sentence}: ${detail}` : sentence;
}

export async function listAuditLog(ex: Executor, organizationId: string, raw: z.input<typeof ZListAuditLog>) {
  const input = ZListAuditLog.parse(raw);
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const rows = await ex
    .select()
    .from(auditLog)
    .where(
      and(
        where(organizationId, input),
        after
          ? sql`(${auditLog.createdAt}, ${auditLog.id}) < (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({ ...r, description: describeAudit(r.action, r.data) })),
    nextCursor: rows.length > input.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

/** The actions and target types recorded, for the filter menus. */
export async function auditFacets(ex: Executor, organizationId: string) {
  const rows = await ex
    .selectDistinct({ action: auditLog.action, targetType: auditLog.targetType })
    .from(auditLog)
    .where(eq(auditLog.organizationId, organizationId))
    .limit(500);
  return {
    actions: [...new Set(rows.map((r) => r.action))].sort(),
    areas: [...new Set(rows.map((r) => r.action.split(".")[0]!))].sort(),
    targetTypes: [...new Set(rows.map((r) => r.targetType))].sort(),
  };
}

/** At most this many rows in one export: a larger one asks for a narrower filter. */
export const MAX_AUDIT_EXPORT = 50_000;

/** The filtered log as CSV (RFC 4180, BOM for spreadsheets), times in the organization's time zone. */
export async function auditLogCsv(ex: Executor, organizationId: string, raw: AuditFilter): Promise<string> {
  const f = ZAuditFilter.parse(raw);
  const [{ tz }] = (await ex.execute<{ tz: string }>(sql`SELECT ${orgTimeZoneSql(organizationId)} AS tz`)).rows as [
    { tz: string },
  ];
  const rows = await ex
    .select()
    .from(auditLog)
    .where(where(organizationId, f))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(MAX_AUDIT_EXPORT + 1);
  if (rows.length > MAX_AUDIT_EXPORT)
    throw new DomainError(
      "BAD_REQUEST",
      `More than ${MAX_AUDIT_EXPORT.toLocaleString("en-US")} entries: narrow the dates or the filter.`,
    );
  const when = new Intl.DateTimeFormat("en-CA", {
    timeZone: tz,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hour12: false,
  });
  const lines = [
    [`When (${tz})`, "Who", "What", "Action", "Target", "Target id", "Details"].map((c) => csvField(c, true)).join(","),
  ];
  for (const r of rows)
    lines.push(
      [
        when.format(r.createdAt).replace(", ", " "),
        r.actorLabel,
        describeAudit(r.action, r.data),
        r.action,
        r.targetType,
        r.targetId ?? "",
        JSON.stringify(r.data),
      ]
        .map((c) => csvField(c, true))
        .join(","),
    );
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
