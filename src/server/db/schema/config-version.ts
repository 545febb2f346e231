import { bigint, pgTable } from "drizzle-orm/pg-core";

import { organizationId } from "./platform";

/**
 * A counter per organization that triggers (migration org_config_version) bump whenever something
 * the agent caches between turns changes: facilities, closures, unit types (not their availability
 * counter), promotions, protection plans and knowledge-base entries. A turn reads it with the
 * conversation row lock, and a cached copy is used only while the counter is unchanged, so an edit
 * reaches the next turn in every app process at once (src/server/agent/store/facility-facts.ts).
 */
export const orgConfigVersion = pgTable("org_config_version", {
  organizationId: organizationId().primaryKey(),
  version: bigint({ mode: "number" }).notNull().default(0),
});
