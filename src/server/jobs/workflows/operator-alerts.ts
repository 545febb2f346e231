import { DBOS } from "@dbos-inc/dbos-sdk";

import { raiseEventAlert, type EventAlertKind } from "@/server/alerts/events";
import { sweepAlerts } from "@/server/alerts/sweep";
import { log } from "@/server/log";

import { WORKFLOWS } from "../names";

/**
 * Operator alerts (src/server/alerts, docs/analytics.md "Alerts").
 *
 * operatorAlert: one event (a reservation, a caller asking for a person after hours), started by
 * queueEventAlert under the id alert:<kind>:<subject>. One step builds the message from the rows
 * and raises it; the alert row's dedupe key and the sends' idempotency keys make a retried step
 * deliver nothing twice.
 *
 * alertSweep: every minute (DBOS cron, one run per tick across processes), the time-based alerts.
 */
async function operatorAlertWorkflow(input: { organizationId: string; kind: EventAlertKind; subjectId: string }) {
  return DBOS.runStep(
    async () => {
      const result = await raiseEventAlert(input.organizationId, input.kind, input.subjectId);
      if (result.fired && !result.complete) throw new Error("an alert e-mail could not be sent; retrying");
      return result;
    },
    { name: "raise", retriesAllowed: true, maxAttempts: 6, intervalSeconds: 5, backoffRate: 2 },
  );
}

async function alertSweepWorkflow(scheduledAt: Date, _context: unknown) {
  const result = await DBOS.runStep(() => sweepAlerts(scheduledAt), {
    name: "sweep",
    retriesAllowed: true,
    maxAttempts: 3,
    intervalSeconds: 5,
  });
  if (result.fired) log.info({ fired: result.fired }, "operator alerts raised");
}

export const operatorAlert = DBOS.registerWorkflow(operatorAlertWorkflow, { name: WORKFLOWS.operatorAlert });
export const alertSweep = DBOS.registerWorkflow(alertSweepWorkflow, { name: WORKFLOWS.alertSweep });
