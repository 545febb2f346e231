import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

import { user } from "./auth";
import { customer } from "./inventory";
import { organizationId } from "./platform";
import { tenantFk } from "./tenant-keys";

/**
 * A note a person writes on a customer (the console's customer page, issue 22): who wrote it and
 * when, and when it was last changed and by whom. Shown in the customer's timeline with their calls,
 * texts, chats, reservations and payments. The author's name is copied so a note keeps its byline
 * after the author leaves the organization.
 */
export const customerNote = pgTable(
  "customer_note",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    customerId: uuid().notNull(),
    body: text().notNull(),
    authorUserId: text().references(() => user.id, { onDelete: "set null" }),
    authorName: text().notNull(),
    editedAt: timestamp({ withTimezone: true }),
    editedByName: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    tenantFk("customer_note_customer_id_tenant_fk", t.organizationId, t.customerId, customer, "cascade"),
    index().on(t.organizationId, t.customerId, t.createdAt),
  ],
);
