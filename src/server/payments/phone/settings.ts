import { eq } from "drizzle-orm";
import { z } from "zod";

import type { Executor } from "@/server/db/client";
import { paymentPreferences } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { savePaymentPreferences } from "@/server/payments/preferences";

import { phonePaySetup } from "./setup";

/**
 * Settings > Payments > Payments by phone: the switch, and the unique name of the Pay Connector
 * (Stripe) the operator installed on their Twilio account (Twilio Console > Voice > Pay Connectors).
 * No payment_preferences row: off, "Stripe_Connector" (the column defaults).
 */
export interface PhonePaySettings {
  enabled: boolean;
  connector: string;
}

export const DEFAULT_PAY_CONNECTOR = "Stripe_Connector";

export const ZPhonePaySettings = z
  .object({
    enabled: z.boolean(),
    connector: z
      .string()
      .trim()
      .min(1, "Name the Pay Connector as it is installed on your Twilio account.")
      .max(64, "A Pay Connector name is at most 64 characters.")
      // Twilio's unique names: letters, digits, - and _ (it goes into the <Pay paymentConnector> attribute).
      .regex(/^[A-Za-z0-9_-]+$/, "A Pay Connector name has only letters, digits, - and _ (e.g. Stripe_Connector)."),
  })
  .strict();

export async function getPhonePaySettings(
  tx: Executor,
  organizationId: string,
): Promise<PhonePaySettings & { active: boolean }> {
  const [row] = await tx
    .select({ enabled: paymentPreferences.phonePayEnabled, connector: paymentPreferences.payConnector })
    .from(paymentPreferences)
    .where(eq(paymentPreferences.organizationId, organizationId));
  const settings = row ?? { enabled: false, connector: DEFAULT_PAY_CONNECTOR };
  // Whether the agent would hand a caller to <Pay> now (on, and the Stripe account can take charges).
  return { ...settings, active: (await phonePaySetup(tx, organizationId)) !== null };
}

/** Validates and stores (bad input throws and changes nothing); only the phone payment columns are touched. */
export async function savePhonePaySettings(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  input: PhonePaySettings,
): Promise<PhonePaySettings & { active: boolean }> {
  const next = ZPhonePaySettings.parse(input);
  await savePaymentPreferences(tx, organizationId, actor, {
    columns: { phonePayEnabled: next.enabled, payConnector: next.connector },
    action: "payments.phone_pay_updated",
    data: { enabled: next.enabled, connector: next.connector },
  });
  return getPhonePaySettings(tx, organizationId);
}
