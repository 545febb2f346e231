import { sql } from "drizzle-orm";

import { db } from "@/server/db/client";
import { log } from "@/server/log";

/**
 * Deletes transcripts past each organization's retention (src/server/db/schema/retention.ts): the
 * turns (`message` rows) of conversations that ended more than `transcript_days` ago, and the bodies
 * of texts older than that. Conversations, outcomes, usage and analytics stay: deleting turns marks
 * no analytics day for refolding, so the rollups keep their counts.
 *
 * Each statement touches at most BATCH rows, picked by ctid, and commits on its own, so a first run
 * over years of history holds no long lock and never blocks a live call's writes for long; a run
 * stops after `maxBatches` so one organization's backlog cannot hold the hourly job forever (the
 * next run goes on).
 */
export const BATCH = 1000;

export interface PurgeCounts {
  organizations: number;
  messages: number;
  texts: number;
  batches: number;
}

export async function purgeExpiredTranscripts(
  opts: {
    maxBatches?: number;
    now?: Date;
    /** one organization only (default: every one with a setting) */ organizationId?: string;
  } = {},
): Promise<PurgeCounts> {
  const maxBatches = opts.maxBatches ?? 500;
  const now = (opts.now ?? new Date()).toISOString();
  const counts: PurgeCounts = { organizations: 0, messages: 0, texts: 0, batches: 0 };
  const orgs = await db.execute<{ organization_id: string; days: number }>(
    sql`select organization_id, transcript_days as days from retention_settings
         where transcript_days is not null ${opts.organizationId ? sql`and organization_id = ${opts.organizationId}` : sql``}`,
  );
  for (const { organization_id: org, days } of orgs.rows) {
    const cutoff = sql`${now}::timestamptz - make_interval(days => ${days})`;
    counts.organizations++;
    for (;;) {
      if (counts.batches >= maxBatches) return counts;
      const res = await db.execute(sql`
        delete from message where ctid in (
          select m.ctid from message m join conversation c on c.id = m.conversation_id
           where m.organization_id = ${org} and c.organization_id = ${org}
             and c.status = 'ended' and coalesce(c.ended_at, c.started_at) < ${cutoff}
           limit ${BATCH})`);
      counts.batches++;
      counts.messages += res.rowCount ?? 0;
      if ((res.rowCount ?? 0) < BATCH) break;
    }
    for (;;) {
      if (counts.batches >= maxBatches) return counts;
      const res = await db.execute(sql`
        update sms_message set body = '' where ctid in (
          select ctid from sms_message
           where organization_id = ${org} and created_at < ${cutoff} and body <> ''
           limit ${BATCH})`);
      counts.batches++;
      counts.texts += res.rowCount ?? 0;
      if ((res.rowCount ?? 0) < BATCH) break;
    }
  }
  if (counts.messages || counts.texts) log.info({ ...counts }, "expired transcripts deleted");
  return counts;
}
