import { DBOS } from "@dbos-inc/dbos-sdk";

import { attemptWriteBack, giveUpWriteBack } from "@/server/pms/write-back-retry";

import { timeScale } from "../config";
import { WORKFLOWS } from "../names";

/**
 * A write-back the PMS did not accept within the booking's budget (or a cancellation to push):
 * retried with growing pauses for about an hour (15 s, 1, 2, 5, 10, 20, 30 min, times
 * WORKFLOW_TIME_SCALE; durable sleeps, so a restart resumes the schedule). A refusal, or the last
 * failed try, gives the booking up loudly (giveUpWriteBack: hold cancelled, customer texted, staff
 * alerted); a lead or cancellation is marked failed in the log.
 */
export interface PmsWriteBackInput {
  organizationId: string;
  writeBackId: string;
  /** Tests: pauses in milliseconds instead of the schedule below. */
  pausesMs?: number[];
}

const PAUSES_MS = [15_000, 60_000, 120_000, 300_000, 600_000, 1_200_000, 1_800_000];

async function pmsWriteBackWorkflow(input: PmsWriteBackInput) {
  const pauses = input.pausesMs ?? PAUSES_MS.map((ms) => Math.round(ms * timeScale()));
  for (let attempt = 0; attempt <= pauses.length; attempt++) {
    const outcome = await DBOS.runStep(() => attemptWriteBack(input.organizationId, input.writeBackId), {
      name: `attempt-${attempt}`,
    });
    if (outcome === "done") return { outcome, attempts: attempt + 1 };
    if (outcome === "refused") {
      await DBOS.runStep(() => giveUpWriteBack(input.organizationId, input.writeBackId, "refused"), {
        name: "give-up",
      });
      return { outcome, attempts: attempt + 1 };
    }
    if (attempt < pauses.length) await DBOS.sleep(pauses[attempt]!);
  }
  await DBOS.runStep(() => giveUpWriteBack(input.organizationId, input.writeBackId, "unreachable"), {
    name: "give-up",
  });
  return { outcome: "failed" as const, attempts: pauses.length + 1 };
}

export const pmsWriteBack = DBOS.registerWorkflow(pmsWriteBackWorkflow, { name: WORKFLOWS.pmsWriteBack });
