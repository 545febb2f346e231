import type pg from "pg";

import { runChecks } from "@/server/consistency/checks";
import { executorAlive } from "@/server/jobs/executor-lease";

import type { Acked, PhaseStats } from "./cluster-load";

/**
 * After the benchmark's load: every acknowledged write looked up in the primary, duplicates and
 * double bookings counted, and the workflows given time to finish (each completed call starts a
 * post-conversation workflow, which must succeed wherever it ended up after the crashes and the
 * rolling restart).
 */
export interface Verdict {
  lostWrites: number;
  duplicates: number;
  doubleBookings: number;
  workflowsNotCompleted: number;
  failedDuringRolling: number;
  details: string[];
}

const SETTLE_MS = 120_000;

export async function verifyRun(admin: pg.Client, acked: Acked, rolling: PhaseStats): Promise<Verdict> {
  const details: string[] = [];
  const one = async (q: string, params: unknown[] = []) =>
    Number((await admin.query<{ n: string }>(q, params)).rows[0]!.n);

  const lostSms = await one(
    "select count(*) as n from unnest($1::text[]) s where not exists (select 1 from sms_message m where m.twilio_sid = s)",
    [acked.sms],
  );
  const lostTurns = await one(
    "select count(*) as n from unnest($1::text[]) k where not exists (select 1 from message m where m.idempotency_key = k and m.role = 'caller')",
    [acked.turns.map((t) => `${t.callSid}:${t.turn}`)],
  );
  const lostCalls = await one(
    "select count(*) as n from unnest($1::text[]) s where not exists (select 1 from conversation c where c.external_id = s and c.status = 'ended')",
    [acked.calls],
  );
  const lostBookings = await one(
    "select count(*) as n from unnest($1::uuid[]) r where not exists (select 1 from reservation x where x.id = r)",
    [acked.bookings.map((b) => b.id)],
  );
  if (lostSms + lostTurns + lostCalls + lostBookings)
    details.push(
      `lost: ${lostSms} texts, ${lostTurns} voice turns, ${lostCalls} ended calls, ${lostBookings} bookings`,
    );

  const dupSms = await one(
    "select count(*) as n from (select twilio_sid from sms_message where twilio_sid is not null group by 1 having count(*) > 1) d",
  );
  const dupReplies = await one(
    "select count(*) as n from (select organization_id, idempotency_key from sms_message where idempotency_key is not null group by 1, 2 having count(*) > 1) d",
  );
  const dupTurns = await one(
    "select count(*) as n from (select organization_id, idempotency_key from message where idempotency_key is not null group by 1, 2 having count(*) > 1) d",
  );
  const dupCalls = await one(
    "select count(*) as n from (select organization_id, channel, external_id from conversation where external_id is not null group by 1, 2, 3 having count(*) > 1) d",
  );
  const dupBookings = await one(
    "select count(*) as n from (select c.phone from reservation r join customer c on c.id = r.customer_id where c.phone = any($1) group by 1 having count(*) > 1) d",
    [acked.bookings.map((b) => b.phone)],
  );
  const duplicates = dupSms + dupReplies + dupTurns + dupCalls + dupBookings;
  if (duplicates)
    details.push(
      `duplicates: ${dupSms} texts, ${dupReplies} replies, ${dupTurns} turns, ${dupCalls} calls, ${dupBookings} bookings`,
    );

  const checks = await runChecks(["double-booking", "unit-status"]);
  const doubleBookings = checks.reduce((n, c) => n + c.violations.length + (c.error ? 1 : 0), 0);
  for (const c of checks) if (!c.ok) details.push(`${c.name}: ${c.error ?? JSON.stringify(c.violations.slice(0, 3))}`);

  // Workflows: every completed call's post-conversation run must succeed; none may be in error,
  // stranded on a dead executor, or left waiting on the queue.
  const deadline = Date.now() + SETTLE_MS;
  let pendingPost = 0;
  for (;;) {
    pendingPost = await one(
      `select count(*) as n from conversation c
         left join dbos.workflow_status w on w.workflow_uuid = 'post-conversation:' || c.id
        where c.external_id = any($1) and coalesce(w.status, 'MISSING') <> 'SUCCESS'`,
      [acked.calls],
    );
    if (pendingPost === 0 || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 2000));
  }
  const failed = await one(
    "select count(*) as n from dbos.workflow_status where status in ('ERROR', 'MAX_RECOVERY_ATTEMPTS_EXCEEDED')",
  );
  const stuckQueued = await one(
    "select count(*) as n from dbos.workflow_status where status = 'ENQUEUED' and coalesce(delay_until_epoch_ms, 0) < (extract(epoch from now() - interval '60 seconds') * 1000) and updated_at < (extract(epoch from now() - interval '60 seconds') * 1000)",
  );
  const pendingExecutors = (
    await admin.query<{ e: string; n: string }>(
      "select executor_id as e, count(*) as n from dbos.workflow_status where status = 'PENDING' group by 1",
    )
  ).rows;
  let stranded = 0;
  for (const { e, n } of pendingExecutors) if (!(await executorAlive(e))) stranded += Number(n);
  const workflowsNotCompleted = pendingPost + failed + stuckQueued + stranded;
  details.push(
    `workflows: ${acked.calls.length} post-conversation runs checked (${pendingPost} not succeeded), ${failed} in error, ${stuckQueued} queued > 60 s, ${stranded} pending on a stopped process; pending on live processes: ${pendingExecutors.map((p) => `${p.e} ${p.n}`).join(", ") || "none"}`,
  );

  return {
    lostWrites: lostSms + lostTurns + lostCalls + lostBookings,
    duplicates,
    doubleBookings,
    workflowsNotCompleted,
    failedDuringRolling: rolling.failed,
    details,
  };
}
