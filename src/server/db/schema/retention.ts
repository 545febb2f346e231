import { sql } from "drizzle-orm";
import { check, integer, pgTable, timestamp } from "drizzle-orm/pg-core";

import { organizationId } from "./platform";

/**
 * How long an organization keeps conversation transcripts (the turns of calls, texts and chats, and
 * the bodies of texts), in days; null or no row keeps them. The hourly `dataRetention` workflow
 * deletes what is older in small batches (src/server/retention/purge.ts). Conversations themselves,
 * their outcomes and the analytics stay: only the words go. Recordings: the product records no call
 * (no <Dial record>, no <Record>), so there is nothing of that kind to keep or delete.
 */
export const retentionSettings = pgTable(
  "retention_settings",
  {
    organizationId: organizationId().primaryKey(),
    transcriptDays: integer(),
    updatedAt: timestamp({ withTimezone: true })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    check("retention_transcript_days", sql`${t.transcriptDays} is null or ${t.transcriptDays} between 1 and 36500`),
  ],
);
