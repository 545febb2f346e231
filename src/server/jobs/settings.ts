import { eq } from "drizzle-orm";
import { z } from "zod";

import { withOrg, type Executor } from "@/server/db/client";
import { automationSettings, FOLLOW_UP_TEMPLATES, type FollowUpStepConfig } from "@/server/db/schema";

import { validateWindow, type SendWindow } from "./quiet-hours";

/**
 * Per-organization automation settings. No row means the defaults below, so a new organization
 * gets follow-ups, quiet hours and missed-call text-back without configuring anything.
 */
export const DEFAULT_FOLLOW_UP_STEPS: FollowUpStepConfig[] = [
  { delayMinutes: 15, template: "quote" },
  { delayMinutes: 1440, template: "reminder" },
  { delayMinutes: 4320, template: "last" },
];

export interface AutomationSettings {
  followUpsEnabled: boolean;
  followUpSteps: FollowUpStepConfig[];
  quietHours: SendWindow;
  missedCallTextBack: boolean;
  reservationReminders: boolean;
}

export const DEFAULT_SETTINGS: AutomationSettings = {
  followUpsEnabled: true,
  followUpSteps: DEFAULT_FOLLOW_UP_STEPS,
  quietHours: { start: "08:00", end: "21:00" },
  missedCallTextBack: true,
  reservationReminders: true,
};

const ZStep = z.object({
  // Minutes after the sequence starts (the call or chat that ended without a reservation).
  delayMinutes: z
    .number()
    .min(0)
    .max(60 * 24 * 60),
  template: z.enum(FOLLOW_UP_TEMPLATES),
});

export const ZAutomationSettings = z
  .object({
    followUpsEnabled: z.boolean(),
    followUpSteps: z
      .array(ZStep)
      .max(10, "At most 10 follow-up texts.")
      .refine(
        (steps) => steps.every((s, i) => i === 0 || s.delayMinutes > steps[i - 1]!.delayMinutes),
        "Each follow-up must come later than the one before it.",
      ),
    quietHours: z.object({ start: z.string(), end: z.string() }).superRefine((w, ctx) => {
      const problem = validateWindow(w);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
    missedCallTextBack: z.boolean(),
    reservationReminders: z.boolean(),
  })
  .strict();

export async function getAutomationSettings(ex: Executor, organizationId: string): Promise<AutomationSettings> {
  const [row] = await ex.select().from(automationSettings).where(eq(automationSettings.organizationId, organizationId));
  if (!row) return DEFAULT_SETTINGS;
  return {
    followUpsEnabled: row.followUpsEnabled,
    followUpSteps: row.followUpSteps,
    quietHours: { start: row.quietHoursStart, end: row.quietHoursEnd },
    missedCallTextBack: row.missedCallTextBack,
    reservationReminders: row.reservationReminders,
  };
}

/** Reads the settings as the organization (row-level security applies). */
export const loadAutomationSettings = (organizationId: string) =>
  withOrg(organizationId, (tx) => getAutomationSettings(tx, organizationId));

/** Validates and stores a partial change; bad input throws (zod) and changes nothing. */
export async function saveAutomationSettings(
  ex: Executor,
  organizationId: string,
  patch: Partial<AutomationSettings>,
): Promise<AutomationSettings> {
  const next = ZAutomationSettings.parse({ ...(await getAutomationSettings(ex, organizationId)), ...patch });
  const values = {
    followUpsEnabled: next.followUpsEnabled,
    followUpSteps: next.followUpSteps,
    quietHoursStart: next.quietHours.start,
    quietHoursEnd: next.quietHours.end,
    missedCallTextBack: next.missedCallTextBack,
    reservationReminders: next.reservationReminders,
  };
  await ex
    .insert(automationSettings)
    .values({ organizationId, ...values })
    .onConflictDoUpdate({ target: automationSettings.organizationId, set: values });
  return next;
}
