import { DBOS } from "@dbos-inc/dbos-sdk";

import { reportUsageToStripe } from "@/server/billing/usage";
import { log } from "@/server/log";
import { deliverDue } from "@/server/webhooks/deliver";

import { timeScale } from "../config";
import { WORKFLOWS } from "../names";

/**
 * Recurring work, started by DBOS's cron (see ../schedules.ts). A scheduled run's workflow id
 * comes from its schedule and time, so several app processes never run the same tick twice.
 *
 * Webhook delivery: each minute's run calls deliverDue() every 10 seconds for a minute. deliverDue
 * claims rows with SKIP LOCKED and keeps each delivery's id across retries (receivers dedupe on it),
 * so overlapping runs or a crash mid-request cannot double-deliver from our side.
 */
export const WEBHOOK_TICKS_PER_RUN = 6;
export const WEBHOOK_TICK_MS = 10_000;

async function webhookDeliveryWorkflow(_scheduledAt: Date, _context: unknown) {
  let attempted = 0;
  for (let i = 0; i < WEBHOOK_TICKS_PER_RUN; i++) {
    if (i > 0) await DBOS.sleep(Math.round(WEBHOOK_TICK_MS * timeScale()));
    const counts = await DBOS.runStep(() => deliverDue(), {
      name: `deliver-${i}`,
      retriesAllowed: true,
      maxAttempts: 3,
      intervalSeconds: 2,
    });
    attempted += counts.attempted;
  }
  if (attempted) log.info({ attempted }, "webhook deliveries attempted");
}

/** Metered usage to Stripe once an hour; each meter event is deduplicated by Stripe on its row id. */
async function usageReportWorkflow(_scheduledAt: Date, _context: unknown) {
  const result = await DBOS.runStep(() => reportUsageToStripe(), {
    name: "report",
    retriesAllowed: true,
    maxAttempts: 3,
    intervalSeconds: 30,
  });
  if (result.reported || result.failed)
    log.info({ reported: result.reported, failed: result.failed }, "usage reported to Stripe");
}

export const webhookDelivery = DBOS.registerWorkflow(webhookDeliveryWorkflow, { name: WORKFLOWS.webhookDelivery });
export const usageReport = DBOS.registerWorkflow(usageReportWorkflow, { name: WORKFLOWS.usageReport });
