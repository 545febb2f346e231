import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";

import { recordAudit } from "@/server/audit";
import type { Executor } from "@/server/db/client";
import {
  AFTER_HOURS_MODES,
  facility,
  facilityAgentSettings,
  phoneNumber,
  PROMOTION_MENTIONS,
  TRANSFER_MODES,
  type AfterHoursMode,
  type PromotionMention,
  type TransferMode,
} from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { toE164 } from "@/lib/normalize-phone";
import { DomainError, notFound } from "@/server/domain/errors";

/**
 * The agent's behaviour for one facility: where a person answers (transfer numbers), what a caller
 * hears first, when to put a caller through or take a message, after-hours behaviour and how often
 * the current special is mentioned. Read by the transfer tool, the greeting and the quote.
 */
export const MAX_TRANSFER_PHONES = 3;

const E164_EXAMPLE = "+15125550123";
/** A number in any common format, stored as E.164; anything else is refused with what to type. */
const ZTransferPhone = z
  .string()
  .trim()
  .min(1, "Enter a phone number or remove the empty row.")
  .transform((raw, ctx) => {
    const e164 = toE164(raw);
    if (!e164)
      ctx.addIssue({
        code: "custom",
        message: `"${raw}" is not a phone number. Enter it in E.164 format, e.g. ${E164_EXAMPLE}.`,
      });
    return e164 ?? raw;
  });

export const ZFacilityAgentSettings = z.object({
  facilityId: z.uuid(),
  /** Rung together; the first is the facility's own transfer number. Empty: nobody to transfer to. */
  transferPhones: z
    .array(ZTransferPhone)
    .max(MAX_TRANSFER_PHONES, `At most ${MAX_TRANSFER_PHONES} transfer numbers.`)
    .default([]),
  greeting: z
    .string()
    .trim()
    .max(300, "Keep the greeting under 300 characters.")
    .nullish()
    .transform((v) => v || null),
  transferMode: z.enum(TRANSFER_MODES).default("transfer"),
  afterHours: z.enum(AFTER_HOURS_MODES).default("message"),
  promotionMention: z.enum(PROMOTION_MENTIONS).default("every_quote"),
});
export type FacilityAgentSettingsInput = z.input<typeof ZFacilityAgentSettings>;

export interface FacilityAgentSettingsView {
  facilityId: string;
  facilityName: string;
  /** The facility's public number: what the agent used to fall back to. */
  facilityPhone: string | null;
  transferPhones: string[];
  greeting: string | null;
  transferMode: TransferMode;
  afterHours: AfterHoursMode;
  promotionMention: PromotionMention;
  /** This organization's active numbers routed to the facility (for a test call). */
  numbers: { id: string; e164: string }[];
}

export const DEFAULT_AGENT_BEHAVIOUR = {
  extraTransferPhones: [] as string[],
  greeting: null as string | null,
  transferMode: "transfer" as TransferMode,
  afterHours: "message" as AfterHoursMode,
  promotionMention: "every_quote" as PromotionMention,
};
export type AgentBehaviour = typeof DEFAULT_AGENT_BEHAVIOUR;

/** The stored behaviour of a facility, or the defaults. */
export async function agentBehaviourOf(
  tx: Executor,
  organizationId: string,
  facilityId: string,
): Promise<AgentBehaviour> {
  const [row] = await tx
    .select()
    .from(facilityAgentSettings)
    .where(
      and(eq(facilityAgentSettings.organizationId, organizationId), eq(facilityAgentSettings.facilityId, facilityId)),
    );
  return row
    ? {
        extraTransferPhones: row.extraTransferPhones,
        greeting: row.greeting,
        transferMode: row.transferMode,
        afterHours: row.afterHours,
        promotionMention: row.promotionMention,
      }
    : DEFAULT_AGENT_BEHAVIOUR;
}

/** The organization's active AI lines (a transfer to one would ring the agent again). */
async function aiLines(tx: Executor, organizationId: string, e164s: string[]): Promise<Set<string>> {
  if (e164s.length === 0) return new Set();
  const rows = await tx
    .select({ e164: phoneNumber.e164 })
    .from(phoneNumber)
    .where(
      and(
        eq(phoneNumber.organizationId, organizationId),
        eq(phoneNumber.status, "active"),
        inArray(phoneNumber.e164, e164s),
      ),
    );
  return new Set(rows.map((r) => r.e164));
}

/**
 * Where a person answers for a facility, in order: its transfer number and the extra ones. With
 * none set, the facility's public number, unless that is one of our own AI lines (operators often
 * publish the agent's number: a "transfer" there would only reach the agent again).
 */
export async function transferTargetsOf(
  tx: Executor,
  organizationId: string,
  f: { id: string; transferPhone: string | null; phone: string | null },
  behaviour?: AgentBehaviour,
): Promise<string[]> {
  const b = behaviour ?? (await agentBehaviourOf(tx, organizationId, f.id));
  const set = [...new Set([f.transferPhone, ...b.extraTransferPhones].filter((p): p is string => !!p))];
  if (set.length > 0) return set;
  if (!f.phone) return [];
  return (await aiLines(tx, organizationId, [f.phone])).has(f.phone) ? [] : [f.phone];
}

export async function getFacilityAgentSettings(
  tx: Executor,
  organizationId: string,
  facilityId: string,
): Promise<FacilityAgentSettingsView> {
  const [f] = await tx
    .select({ id: facility.id, name: facility.name, phone: facility.phone, transferPhone: facility.transferPhone })
    .from(facility)
    .where(and(eq(facility.organizationId, organizationId), eq(facility.id, facilityId)));
  if (!f) throw notFound("Facility");
  const b = await agentBehaviourOf(tx, organizationId, facilityId);
  const numbers = await tx
    .select({ id: phoneNumber.id, e164: phoneNumber.e164 })
    .from(phoneNumber)
    .where(
      and(
        eq(phoneNumber.organizationId, organizationId),
        eq(phoneNumber.facilityId, facilityId),
        eq(phoneNumber.status, "active"),
      ),
    )
    .orderBy(asc(phoneNumber.createdAt));
  return {
    facilityId: f.id,
    facilityName: f.name,
    facilityPhone: f.phone,
    transferPhones: [...new Set([f.transferPhone, ...b.extraTransferPhones].filter((p): p is string => !!p))],
    greeting: b.greeting,
    transferMode: b.transferMode,
    afterHours: b.afterHours,
    promotionMention: b.promotionMention,
    numbers,
  };
}

export async function updateFacilityAgentSettings(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  input: FacilityAgentSettingsInput,
): Promise<FacilityAgentSettingsView> {
  const data = ZFacilityAgentSettings.parse(input);
  const phones = [...new Set(data.transferPhones)];
  const loops = await aiLines(tx, organizationId, phones);
  if (loops.size > 0)
    throw new DomainError(
      "BAD_REQUEST",
      `${[...loops].join(", ")} is one of your agent's own numbers: a transfer there would ring the agent again. Enter the number of a person at the facility.`,
    );
  if (data.afterHours === "transfer" && phones.length === 0)
    throw new DomainError("BAD_REQUEST", "Add a transfer number to put callers through after hours.");
  const [updated] = await tx
    .update(facility)
    .set({ transferPhone: phones[0] ?? null })
    .where(and(eq(facility.organizationId, organizationId), eq(facility.id, data.facilityId)))
    .returning({ id: facility.id });
  if (!updated) throw notFound("Facility");
  const values = {
    extraTransferPhones: phones.slice(1),
    greeting: data.greeting,
    transferMode: data.transferMode,
    afterHours: data.afterHours,
    promotionMention: data.promotionMention,
    updatedAt: new Date(),
  };
  await tx
    .insert(facilityAgentSettings)
    .values({ facilityId: data.facilityId, organizationId, ...values })
    .onConflictDoUpdate({ target: facilityAgentSettings.facilityId, set: values });
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "facility.agent_settings_updated",
    targetType: "facility",
    targetId: data.facilityId,
    data: { ...values, transferPhones: phones, updatedAt: undefined },
  });
  return getFacilityAgentSettings(tx, organizationId, data.facilityId);
}
