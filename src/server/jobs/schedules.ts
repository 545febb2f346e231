import { DBOS } from "@dbos-inc/dbos-sdk";

import { env } from "@/env";
import { log } from "@/server/log";

import { JOBS_QUEUE } from "./config";
import { drainOutbox } from "./outbox";
import { analyticsRollups } from "./workflows/analytics-rollups";
import { usageReport, webhookDelivery } from "./workflows/scheduled";
import { alertSweep } from "./workflows/operator-alerts";
import { scheduledReports } from "./workflows/scheduled-reports";
import { idleChats } from "./workflows/idle-chats";
import { housekeeping } from "./workflows/housekeeping";
import { outboxSweep } from "./workflows/outbox-sweep";
import { consistencyCheck } from "./workflows/consistency-check";
import { dataRetention } from "./workflows/data-retention";
import { pmsSyncSweep } from "./workflows/pms-sync";
import { collectionsSweep } from "./workflows/collections";

/**
 * Recurring workflows, stored by DBOS in its system tables (applySchedules is idempotent: every
 * process applies the same list at launch). Set DISABLE_SCHEDULES=true for a process that should
 * only run on-demand workflows (tests do, so their schedules do not run the app's real sweeps; nor
 * the outbox drain at launch, which would start other test files' workflows in this one's tables).
 */
export async function startScheduledWorkflows() {
  if (process.env.DISABLE_SCHEDULES === "true") return;
  await DBOS.applySchedules([
    { scheduleName: "webhook-delivery", workflowFn: webhookDelivery, schedule: "* * * * *", queueName: JOBS_QUEUE },
    { scheduleName: "usage-report", workflowFn: usageReport, schedule: "17 * * * *", queueName: JOBS_QUEUE },
    { scheduleName: "alert-sweep", workflowFn: alertSweep, schedule: "* * * * *", queueName: JOBS_QUEUE },
    { scheduleName: "scheduled-reports", workflowFn: scheduledReports, schedule: "7 * * * *", queueName: JOBS_QUEUE },
    { scheduleName: "analytics-rollups", workflowFn: analyticsRollups, schedule: "*/5 * * * *", queueName: JOBS_QUEUE },
    { scheduleName: "idle-chats", workflowFn: idleChats, schedule: "*/5 * * * *", queueName: JOBS_QUEUE },
    { scheduleName: "outbox-sweep", workflowFn: outboxSweep, schedule: "* * * * *", queueName: JOBS_QUEUE },
    { scheduleName: "housekeeping", workflowFn: housekeeping, schedule: "37 * * * *", queueName: JOBS_QUEUE },
    { scheduleName: "consistency-check", workflowFn: consistencyCheck, schedule: "43 * * * *", queueName: JOBS_QUEUE },
    { scheduleName: "data-retention", workflowFn: dataRetention, schedule: "53 * * * *", queueName: JOBS_QUEUE },
    { scheduleName: "pms-sync-sweep", workflowFn: pmsSyncSweep, schedule: "* * * * *", queueName: JOBS_QUEUE },
    {
      scheduleName: "collections",
      workflowFn: collectionsSweep,
      schedule: env.COLLECTIONS_SWEEP_SCHEDULE,
      queueName: JOBS_QUEUE,
    },
  ]);
  // And at once, rather than at the next minute: rows a crashed process left behind. Not awaited
  // (launch does not wait for it); a failure is logged and the sweep tries again.
  void drainOutbox().catch((err: unknown) => log.error({ err: String(err) }, "outbox drain at launch failed"));
}
