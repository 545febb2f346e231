import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import { conversation } from "./conversations";
import { customer, rental } from "./inventory";
import { organizationId } from "./platform";
import { tenantFk } from "./tenant-keys";

/**
 * One hand-off of a caller to Twilio's <Pay> (keypad card entry, charged by the organization's Twilio
 * Pay Connector on its own Stripe account). Twilio captures the card; we never see it, so this row
 * holds no card number, expiry, security code or postal code: only the amount, the outcome, the card
 * brand and the Stripe ids. At most one attempt per call is pending at a time (the partial unique
 * index), so a retried turn cannot open a second <Pay> for the same money.
 *
 *   pending    handed to <Pay>, no result yet
 *   succeeded  Twilio reported success and the charge was confirmed on the connected account
 *   failed     declined, too many bad entries, interrupted with *, connector error: nothing charged
 *   abandoned  the caller hung up during <Pay> (or the call ended before a result)
 *   review     Twilio said success but the charge could not be confirmed on the connected account
 *              (wrong connector account, amount mismatch): staff look; nothing is posted to the ledger
 */
export const PHONE_PAYMENT_STATUSES = ["pending", "succeeded", "failed", "abandoned", "review"] as const;
export type PhonePaymentStatus = (typeof PHONE_PAYMENT_STATUSES)[number];

export const phonePayment = pgTable(
  "phone_payment",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    conversationId: uuid().notNull(),
    callSid: text().notNull(),
    customerId: uuid(),
    rentalId: uuid(),
    amountCents: integer().notNull(),
    currency: text().notNull().default("usd"),
    /** The Twilio Pay Connector's unique name the <Pay> used. */
    connector: text().notNull(),
    /** The organization's connected Stripe account at the time (acct_…), when known. */
    stripeAccountId: text(),
    status: text({ enum: PHONE_PAYMENT_STATUSES }).notNull().default("pending"),
    /** Twilio's Result (success, payment-connector-error, caller-hung-up, …). */
    result: text(),
    /** Twilio's PaymentError / ConnectorError words for staff; never card data. */
    errorMessage: text(),
    /** visa, mastercard, … (Twilio's PaymentCardType). */
    cardBrand: text(),
    stripePaymentIntentId: text(),
    stripeChargeId: text(),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    settledAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    tenantFk("phone_payment_conversation_id_tenant_fk", t.organizationId, t.conversationId, conversation, "cascade"),
    tenantFk("phone_payment_customer_id_tenant_fk", t.organizationId, t.customerId, customer, "set null"),
    tenantFk("phone_payment_rental_id_tenant_fk", t.organizationId, t.rentalId, rental, "set null"),
    index().on(t.organizationId, t.startedAt),
    index().on(t.conversationId),
    uniqueIndex("phone_payment_one_pending_per_call")
      .on(t.conversationId)
      .where(sql`${t.status} = 'pending'`),
    uniqueIndex("phone_payment_intent_unique")
      .on(t.organizationId, t.stripePaymentIntentId)
      .where(sql`${t.stripePaymentIntentId} is not null`),
    check("phone_payment_amount_positive", sql`${t.amountCents} > 0`),
  ],
);
