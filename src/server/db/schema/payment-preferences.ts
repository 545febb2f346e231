import { sql } from "drizzle-orm";
import { boolean, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

import { organizationId } from "./platform";

/**
 * How an organization takes renters' money beyond pay links (Settings > Payments): payments by
 * phone through Twilio <Pay>, and the past-due collections sequence. No row: the defaults below
 * (phone payments off until the operator names its Twilio Pay Connector; collections on days 1, 5
 * and 10 after the due date).
 */
export const paymentPreferences = pgTable("payment_preferences", {
  organizationId: organizationId().primaryKey(),
  /** The agent may hand a verified caller to <Pay> for their balance. */
  phonePayEnabled: boolean().notNull().default(false),
  /** The unique name of the Twilio Pay Connector (Stripe) installed on the organization's Twilio account. */
  payConnector: text().notNull().default("Stripe_Connector"),
  collectionsEnabled: boolean().notNull().default(true),
  /** Days after the due date for the text, the e-mail and the staff task, in that order. */
  collectionDays: integer()
    .array()
    .notNull()
    .default(sql`'{1,5,10}'::integer[]`),
  updatedAt: timestamp({ withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
});
