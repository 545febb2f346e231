import { boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import { facility } from "./inventory";
import { organizationId } from "./platform";
import { tenantFk } from "./tenant-keys";

/**
 * The web chat widget of one facility (docs/web-chat.md). `publicKey` is publishable, not secret: it
 * sits in the operator's page source and only lets a visitor talk to this facility's agent. It is
 * stored as is (it must be looked up and shown again) and rotated by replacing it, which stops the
 * old snippet at once. `allowedOrigins` empty means any site may embed the widget.
 */
export const chatWidget = pgTable(
  "chat_widget",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    facilityId: uuid().notNull(),
    publicKey: text().notNull(),
    allowedOrigins: text().array().notNull().default([]),
    /** Shown as the agent's first message; null uses the agent's own greeting. */
    greeting: text(),
    /** #rrggbb, the launcher button and the visitor's bubbles. */
    color: text().notNull().default("#2563eb"),
    enabled: boolean().notNull().default(true),
    keyRotatedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    tenantFk("chat_widget_facility_id_tenant_fk", t.organizationId, t.facilityId, facility, "cascade"),
    uniqueIndex().on(t.publicKey),
    uniqueIndex().on(t.facilityId),
    index().on(t.organizationId),
  ],
);
export type ChatWidgetRow = typeof chatWidget.$inferSelect;
