import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";

import type { Executor } from "@/server/db/client";
import { configVersionOf, OrgConfigCache } from "@/server/db/org-config-cache";
import { ALERT_KINDS, alertSettings, member, user, type AlertKind, type AlertRules } from "@/server/db/schema";
import { toE164 } from "@/lib/normalize-phone";

/**
 * What each organization wants to be told, and who is told. No row means the defaults: a new
 * reservation and a message the agent took are e-mailed to the owners (an operator who never opened
 * Settings > Alerts still hears of them, issue 22); every other alert, and every text to a phone,
 * is off until the organization turns it on. Saving the page stores the choice, owners included.
 */
export const ALERT_LABELS: Record<AlertKind, string> = {
  after_hours_person: "A caller asked for a person after hours",
  message_taken: "A caller left a message or asked for a call back",
  reservation_created: "A reservation was made",
  lead_waiting: "A lead is waiting for a response",
  agent_failing: "The agent is failing",
  number_silent: "A number is not receiving calls",
  pms_failing: "The property management system is failing",
  payment_disputed: "A customer disputed a card payment",
};

export const DEFAULT_RULES: AlertRules = {
  after_hours_person: { enabled: false, email: true, sms: false },
  message_taken: { enabled: true, email: true, sms: false },
  reservation_created: { enabled: true, email: true, sms: false },
  lead_waiting: { enabled: false, email: true, sms: false, threshold: 30 },
  agent_failing: { enabled: false, email: true, sms: false, threshold: 5, windowMinutes: 15 },
  number_silent: { enabled: false, email: true, sms: false, threshold: 4 },
  pms_failing: { enabled: false, email: true, sms: false, threshold: 30 },
  // A dispute has a deadline for evidence: the owners hear of it without setting anything up.
  payment_disputed: { enabled: true, email: true, sms: false },
};

export interface AlertSettings {
  emailRecipients: string[];
  smsRecipients: string[];
  rules: AlertRules;
}

const ZRule = z.object({
  enabled: z.boolean(),
  email: z.boolean(),
  sms: z.boolean(),
  threshold: z.number().int().min(1).max(10_000).optional(),
  windowMinutes: z.number().int().min(1).max(1_440).optional(),
});

const ZPhone = z.string().transform((p, ctx) => {
  const e164 = toE164(p);
  if (!e164) ctx.addIssue({ code: "custom", message: `"${p}" is not a valid phone number.` });
  return e164 ?? p;
});

export const ZAlertSettings = z.object({
  emailRecipients: z
    .array(z.string().trim().toLowerCase().pipe(z.email("Enter valid e-mail addresses.")))
    .max(20)
    .transform((r) => [...new Set(r)]),
  smsRecipients: z
    .array(ZPhone)
    .max(10)
    .transform((r) => [...new Set(r)]),
  rules: z
    .object(
      Object.fromEntries(ALERT_KINDS.map((k) => [k, ZRule.partial()])) as Record<
        AlertKind,
        ReturnType<typeof ZRule.partial>
      >,
    )
    .partial(),
});

export async function getAlertSettings(ex: Executor, organizationId: string): Promise<AlertSettings> {
  const [row] = await ex.select().from(alertSettings).where(eq(alertSettings.organizationId, organizationId));
  if (row) return settingsOf(row);
  return { ...settingsOf(null), emailRecipients: await ownerEmails(ex, organizationId) };
}

/** The owners' sign-in addresses: where alerts go until the organization names recipients. */
async function ownerEmails(ex: Executor, organizationId: string): Promise<string[]> {
  const rows = await ex
    .select({ email: user.email })
    .from(member)
    .innerJoin(user, eq(user.id, member.userId))
    .where(and(eq(member.organizationId, organizationId), eq(member.role, "owner")))
    .orderBy(asc(member.createdAt));
  return [...new Set(rows.map((r) => r.email.toLowerCase()))];
}

const cached = new OrgConfigCache();

/**
 * getAlertSettings from a cache valid for the organization's config version when the transaction
 * has read it (an agent turn: alert_settings changes bump the version, migration 0026), else the table.
 */
export async function alertSettingsInTurn(tx: Executor, organizationId: string): Promise<AlertSettings> {
  const version = configVersionOf(tx, organizationId);
  return version
    ? cached.get(organizationId, "alert-settings", version, () => getAlertSettings(tx, organizationId))
    : getAlertSettings(tx, organizationId);
}

export function settingsOf(row: typeof alertSettings.$inferSelect | null): AlertSettings {
  if (!row) return { emailRecipients: [], smsRecipients: [], rules: DEFAULT_RULES };
  return {
    emailRecipients: row.emailRecipients,
    smsRecipients: row.smsRecipients,
    rules: mergeRules(DEFAULT_RULES, row.rules),
  };
}

function mergeRules(base: AlertRules, patch: Partial<Record<AlertKind, Partial<AlertRules[AlertKind]>>>): AlertRules {
  return Object.fromEntries(ALERT_KINDS.map((k) => [k, { ...base[k], ...(patch[k] ?? {}) }])) as AlertRules;
}

/** Saves a partial change (recipients and/or some rules) over the current settings. */
export async function saveAlertSettings(
  ex: Executor,
  organizationId: string,
  raw: z.input<typeof ZAlertSettings> | Partial<z.input<typeof ZAlertSettings>>,
): Promise<AlertSettings> {
  const patch = ZAlertSettings.partial().parse(raw);
  const current = await getAlertSettings(ex, organizationId);
  const next: AlertSettings = {
    emailRecipients: patch.emailRecipients ?? current.emailRecipients,
    smsRecipients: patch.smsRecipients ?? current.smsRecipients,
    rules: mergeRules(current.rules, patch.rules ?? {}),
  };
  await ex
    .insert(alertSettings)
    .values({ organizationId, ...next })
    .onConflictDoUpdate({
      target: alertSettings.organizationId,
      set: { emailRecipients: next.emailRecipients, smsRecipients: next.smsRecipients, rules: next.rules },
    });
  return next;
}
