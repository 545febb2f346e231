import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import { organizationId } from "./platform";

/**
 * Phone numbers, the Twilio subaccount behind them, text messages and SMS opt-outs.
 *
 * `facilityId` columns are plain nullable uuids for now: the facility table is being added in
 * inventory.ts at the same time, and the foreign key follows in a later migration.
 */
export const VOICE_MODES = ["gather", "relay"] as const;
export type VoiceMode = (typeof VOICE_MODES)[number];

export interface NumberCapabilities {
  voice: boolean;
  sms: boolean;
  mms: boolean;
}

/**
 * A number that reaches this organization's agent. E.164 is unique among active numbers across all
 * organizations, because an incoming call or text is routed to its organization by `To` alone.
 * A released number keeps its row (history, old messages) and frees the E.164 for someone else.
 */
export const phoneNumber = pgTable(
  "phone_number",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    e164: text().notNull(),
    /** IncomingPhoneNumber sid (PN…); null for a number attached while Twilio is not configured. */
    twilioSid: text(),
    /** The Twilio account that owns the number: the organization's subaccount, or the main account. */
    twilioAccountSid: text(),
    facilityId: uuid(),
    friendlyName: text().notNull().default(""),
    /** null: use the organization's default from telephony_settings. */
    voiceMode: text({ enum: VOICE_MODES }),
    status: text({ enum: ["active", "released"] })
      .notNull()
      .default("active"),
    source: text({ enum: ["purchased", "attached"] }).notNull(),
    capabilities: jsonb()
      .$type<NumberCapabilities>()
      .notNull()
      .default(sql`'{"voice":true,"sms":true,"mms":false}'::jsonb`),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    releasedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("phone_number_active_e164")
      .on(t.e164)
      .where(sql`status = 'active'`),
    index().on(t.organizationId),
    index().on(t.twilioSid),
  ],
);

/** Per-organization telephony defaults. */
export const telephonySettings = pgTable("telephony_settings", {
  organizationId: organizationId().primaryKey(),
  voiceMode: text({ enum: VOICE_MODES }).notNull().default("gather"),
  /** What HELP replies after the organization's name, e.g. "call (555) 010-2000 or visit example.com". */
  supportContact: text(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * The organization's Twilio subaccount, created on its first number purchase. Its auth token is NOT
 * stored: REST calls use the main account's credentials with the subaccount's sid in the URL (Twilio
 * lets a parent account act on its subaccounts), and the token needed to check webhook signatures on
 * the subaccount's numbers is fetched from the API with the parent's credentials and kept in memory.
 */
export const twilioSubaccount = pgTable("twilio_subaccount", {
  id: uuid().primaryKey().defaultRandom(),
  organizationId: organizationId().unique(),
  accountSid: text().notNull().unique(),
  friendlyName: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const SMS_STATUSES = [
  "outbox", // not sent: Twilio is not configured; the row is the delivery, readable by the organization
  "pending", // claimed for Twilio, its answer not recorded yet (a crash here is reconciled on retry: send-sms.ts)
  "received", // inbound
  "twiml", // our reply, returned to Twilio as TwiML <Message> in the webhook response
  "accepted",
  "scheduled",
  "queued",
  "sending",
  "sent",
  "delivered",
  "undelivered",
  "failed",
  "read",
  "canceled",
] as const;
export type SmsStatus = (typeof SMS_STATUSES)[number];

export interface SmsStatusEvent {
  status: string;
  at: string;
  errorCode?: string | null;
}

export const smsMessage = pgTable(
  "sms_message",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    direction: text({ enum: ["in", "out"] }).notNull(),
    from: text(),
    to: text().notNull(),
    body: text().notNull(),
    /** MessageSid (SM…/MM…): unique, so a webhook Twilio retries never stores a second message. */
    twilioSid: text().unique(),
    status: text({ enum: SMS_STATUSES }).notNull(),
    statusHistory: jsonb()
      .$type<SmsStatusEvent[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    idempotencyKey: text(),
    phoneNumberId: uuid(),
    facilityId: uuid(),
    conversationId: uuid(),
    errorCode: text(),
    errorMessage: text(),
    /**
     * Inbound texts: when our answer (or the decision to send none) was stored, in the transaction
     * that stored the reply. Null while the turn runs or after a delivery died before replying, so
     * Twilio's redelivery runs the turn instead of returning a reply that was never written.
     */
    answeredAt: timestamp({ withTimezone: true }),
    /** Inbound texts: the delivery answering it holds this lease, renewed while its turn runs. */
    replyLeaseUntil: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Per organization, so one tenant's key can never collide with (or reveal) another's.
    unique("sms_message_org_idempotency_key").on(t.organizationId, t.idempotencyKey),
    index().on(t.organizationId, t.createdAt),
    index().on(t.organizationId, t.status),
    index().on(t.conversationId),
  ],
);

/** A phone that texted STOP (or similar) to this organization: nothing may be sent to it until START. */
export const smsOptOut = pgTable(
  "sms_opt_out",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    phone: text().notNull(),
    keyword: text().notNull(),
    optedOutAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("sms_opt_out_org_phone").on(t.organizationId, t.phone)],
);
