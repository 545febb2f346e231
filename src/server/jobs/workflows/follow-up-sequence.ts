import { DBOS } from "@dbos-inc/dbos-sdk";

import type { FollowUpStopReason } from "@/server/db/schema";

import { TOPICS, WORKFLOWS, type FollowUpControl } from "../names";
import { beginSequence, scheduleFollowUp, sendFollowUp, setSequenceStatus, type SequencePlan } from "./follow-up-steps";

/**
 * Lead follow-up sequence (docs/workflows.md). Texts the lead per the organization's steps, each at
 * `delayMinutes` after the start, never outside the quiet-hours window. Between texts it waits on
 * `recv`, so a reply, a reservation, or a member's pause/resume/cancel wakes it at once; the wait
 * itself is durable (a restarted process sleeps only for what is left).
 */
export interface FollowUpInput {
  organizationId: string;
  leadId: string;
  trigger: string;
}

const SEND_RETRIES = { retriesAllowed: true, maxAttempts: 6, intervalSeconds: 5, backoffRate: 2 };
const PAUSE_POLL_SECONDS = 7 * 86_400;

type WaitResult = { stop: FollowUpStopReason; replyText?: string } | null;

async function waitUntilDue(input: FollowUpInput, plan: SequencePlan, dueAt: number): Promise<WaitResult> {
  let paused = false;
  for (;;) {
    const msg = paused
      ? await DBOS.recv<FollowUpControl>(TOPICS.followUpControl, { timeoutSeconds: PAUSE_POLL_SECONDS })
      : await DBOS.recv<FollowUpControl>(TOPICS.followUpControl, { deadlineEpochMS: dueAt });
    if (!msg) {
      if (paused) continue;
      return null;
    }
    const record = (status: "active" | "paused") =>
      DBOS.runStep(
        () =>
          setSequenceStatus({
            organizationId: input.organizationId,
            leadId: input.leadId,
            sequenceId: plan.sequenceId,
            status,
          }),
        { name: `mark-${status}` },
      );
    switch (msg.kind) {
      case "pause":
        if (!paused) await record("paused");
        paused = true;
        break;
      case "resume":
        if (paused) await record("active");
        paused = false;
        break;
      case "cancel":
        return { stop: "cancelled" };
      case "replied":
        return { stop: "replied", replyText: msg.text };
      case "reserved":
        return { stop: "reserved" };
    }
  }
}

async function followUpSequenceWorkflow(
  input: FollowUpInput,
): Promise<{ sent: number; stopped: FollowUpStopReason | null }> {
  const workflowId = DBOS.workflowID!;
  const plan = await DBOS.runStep(() => beginSequence({ ...input, workflowId }), { name: "begin" });
  const finish = async (
    status: "completed" | "stopped" | "cancelled",
    stopReason?: FollowUpStopReason,
    replyText?: string,
  ) => {
    await DBOS.runStep(
      () =>
        setSequenceStatus({
          organizationId: input.organizationId,
          leadId: input.leadId,
          sequenceId: plan.sequenceId,
          status,
          stopReason,
          replyText,
        }),
      { name: "finish" },
    );
  };
  if (plan.stop) {
    await finish(plan.stop === "cancelled" ? "cancelled" : "stopped", plan.stop);
    return { sent: 0, stopped: plan.stop };
  }

  let sent = 0;
  for (let i = 0; i < plan.steps.length; i++) {
    let notBefore: number | undefined;
    for (;;) {
      const dueAt = await DBOS.runStep(
        () =>
          scheduleFollowUp({
            organizationId: input.organizationId,
            leadId: input.leadId,
            plan,
            stepIndex: i,
            notBefore,
          }),
        { name: `schedule-${i}` },
      );
      const interrupted = await waitUntilDue(input, plan, dueAt);
      if (interrupted) {
        await finish(
          interrupted.stop === "cancelled" ? "cancelled" : "stopped",
          interrupted.stop,
          interrupted.replyText,
        );
        return { sent, stopped: interrupted.stop };
      }
      const outcome = await DBOS.runStep(
        () => sendFollowUp({ organizationId: input.organizationId, leadId: input.leadId, plan, stepIndex: i }),
        { name: `send-${i}`, ...SEND_RETRIES },
      );
      if (outcome.kind === "reschedule") {
        notBefore = outcome.at;
        continue;
      }
      if (outcome.kind === "stop") {
        await finish(outcome.reason === "cancelled" ? "cancelled" : "stopped", outcome.reason);
        return { sent, stopped: outcome.reason };
      }
      if (outcome.kind === "sent") sent++;
      break;
    }
  }
  await finish("completed");
  return { sent, stopped: null };
}

export const followUpSequence = DBOS.registerWorkflow(followUpSequenceWorkflow, { name: WORKFLOWS.followUpSequence });
