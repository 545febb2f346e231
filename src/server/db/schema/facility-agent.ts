import { sql } from "drizzle-orm";
import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

import { facility } from "./inventory";
import { organizationId } from "./platform";
import { tenantFk } from "./tenant-keys";

/** When a caller asks for a person while the office is open: put them through, or take a message. */
export const TRANSFER_MODES = ["transfer", "message"] as const;
export type TransferMode = (typeof TRANSFER_MODES)[number];
/** After hours: take a message (nobody is in), or still put them through (an on-call manager's phone). */
export const AFTER_HOURS_MODES = ["message", "transfer"] as const;
export type AfterHoursMode = (typeof AFTER_HOURS_MODES)[number];
/** How often the agent names the current special when it quotes a price. */
export const PROMOTION_MENTIONS = ["every_quote", "first_quote", "when_asked"] as const;
export type PromotionMention = (typeof PROMOTION_MENTIONS)[number];

/**
 * How the agent behaves for one facility (Settings > Agent). No row: the defaults below, which are
 * what the agent did before the settings existed. The first transfer number stays on the facility
 * (`facility.transfer_phone`, which the import and the public API set); more numbers to ring at the
 * same time are kept here, so neither path can leave the other stale.
 */
export const facilityAgentSettings = pgTable(
  "facility_agent_settings",
  {
    facilityId: uuid().primaryKey(),
    organizationId: organizationId(),
    /** E.164 numbers rung together with the facility's transfer number; the first to answer takes the call. */
    extraTransferPhones: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** What a caller hears first on the phone; null: "Thanks for calling <facility>…". */
    greeting: text(),
    transferMode: text({ enum: TRANSFER_MODES }).notNull().default("transfer"),
    afterHours: text({ enum: AFTER_HOURS_MODES }).notNull().default("message"),
    promotionMention: text({ enum: PROMOTION_MENTIONS }).notNull().default("every_quote"),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    tenantFk("facility_agent_settings_facility_id_tenant_fk", t.organizationId, t.facilityId, facility, "cascade"),
  ],
);
