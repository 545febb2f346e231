import { and, eq, isNull } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import { paymentPreferences, stripeConnectAccount } from "@/server/db/schema";

/**
 * Whether this organization takes payments by phone, and through which Twilio Pay Connector.
 * Phone payments need the operator's own Stripe account connected and able to take charges
 * (Settings > Payments), its Pay Connector (Stripe) installed on its Twilio account under the name
 * set here (Twilio charges the card there), and the switch on. Without any of these the agent
 * offers a pay link by text instead.
 */
export interface PhonePaySetup {
  connector: string;
  /** The organization's connected Stripe account (acct_…), where each charge is confirmed. */
  stripeAccountId: string;
}

export async function phonePaySetup(tx: Executor, organizationId: string): Promise<PhonePaySetup | null> {
  const [row] = await tx
    .select({
      enabled: paymentPreferences.phonePayEnabled,
      connector: paymentPreferences.payConnector,
      account: stripeConnectAccount.stripeAccountId,
      chargesEnabled: stripeConnectAccount.chargesEnabled,
    })
    .from(paymentPreferences)
    .innerJoin(
      stripeConnectAccount,
      and(
        eq(stripeConnectAccount.organizationId, paymentPreferences.organizationId),
        isNull(stripeConnectAccount.disconnectedAt),
      ),
    )
    .where(eq(paymentPreferences.organizationId, organizationId));
  if (!row?.enabled || !row.chargesEnabled || !row.connector.trim()) return null;
  return { connector: row.connector.trim(), stripeAccountId: row.account };
}
