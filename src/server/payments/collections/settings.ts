import { eq } from "drizzle-orm";
import { z } from "zod";

import type { Executor } from "@/server/db/client";
import { paymentPreferences } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { savePaymentPreferences } from "@/server/payments/preferences";

/**
 * Settings > Payments > Collections: on/off and the days after the due date of the text, the
 * e-mail and the staff task. No payment_preferences row: on, days 1, 5, 10 (the column defaults).
 */
export interface CollectionSettings {
  enabled: boolean;
  /** [text, e-mail, task] days after the due date, strictly increasing. */
  days: number[];
}

export const DEFAULT_COLLECTION_DAYS = [1, 5, 10];
export const MAX_COLLECTION_DAY = 120;

export const ZCollectionSettings = z
  .object({
    enabled: z.boolean(),
    days: z
      .array(
        z
          .number({ message: "Each step needs a number of days." })
          .int("Days are whole numbers.")
          .min(1, "A step comes at least 1 day after the due date.")
          .max(MAX_COLLECTION_DAY, `A step comes at most ${MAX_COLLECTION_DAY} days after the due date.`),
      )
      .length(3, "Give three days: the text, the e-mail and the staff task."),
  })
  .strict()
  .refine((s) => s.days.every((d, i) => i === 0 || d > s.days[i - 1]!), {
    message: "Each step must come later than the one before it (e.g. 1, 5, 10).",
    path: ["days"],
  });

export async function getCollectionSettings(tx: Executor, organizationId: string): Promise<CollectionSettings> {
  const [row] = await tx
    .select({ enabled: paymentPreferences.collectionsEnabled, days: paymentPreferences.collectionDays })
    .from(paymentPreferences)
    .where(eq(paymentPreferences.organizationId, organizationId));
  return row ? { enabled: row.enabled, days: row.days } : { enabled: true, days: DEFAULT_COLLECTION_DAYS };
}

/** Validates and stores (bad input throws and changes nothing); only the collections columns are touched. */
export async function saveCollectionSettings(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  input: CollectionSettings,
): Promise<CollectionSettings> {
  const next = ZCollectionSettings.parse(input);
  await savePaymentPreferences(tx, organizationId, actor, {
    columns: { collectionsEnabled: next.enabled, collectionDays: next.days },
    action: "payments.collections_updated",
    data: { enabled: next.enabled, days: next.days },
  });
  return next;
}
