import type { DomainEvent } from "@/server/events/types";
import type { Subscriber } from "@/server/events/subscriber";
import { WORKFLOWS } from "@/server/jobs/names";
import { enqueueInTransaction, kickOutbox } from "@/server/jobs/outbox";

import { disputeAlertSubject, type EventAlertKind } from "./events";
import { alertSettingsInTurn } from "./settings";

/** The operatorAlert workflow of one event: the same event twice is one workflow (and one alert). */
export const alertWorkflowId = (kind: EventAlertKind, subjectId: string) => `alert:${kind}:${subjectId}`;
export const reservationAlertId = (reservationId: string) => alertWorkflowId("reservation_created", reservationId);

function alertOf(event: DomainEvent): { kind: EventAlertKind; subjectId: string } | null {
  if (event.type === "reservation.created") return { kind: "reservation_created", subjectId: event.reservationId };
  if (event.type === "message.taken") return { kind: "message_taken", subjectId: event.taskId };
  if (event.type === "payment.disputed")
    return { kind: "payment_disputed", subjectId: disputeAlertSubject(event.disputeId, event.stage) };
  return null;
}

/**
 * Operator alerts for a new reservation, a message taken, or a disputed payment (opened, then closed). The rule is read in the transaction that
 * recorded the event (from the organization's config cache in an agent turn) and, when on, the
 * alert's workflow is written to the outbox there, so a change that commits is alerted once even if
 * this process dies right after.
 */
export const alertSubscriber: Subscriber = {
  name: "alerts",
  events: ["reservation.created", "message.taken", "payment.disputed"],
  async inTransaction(tx, event) {
    const alert = alertOf(event);
    if (!alert) return;
    const settings = await alertSettingsInTurn(tx, event.organizationId);
    if (!settings.rules[alert.kind].enabled) return;
    await enqueueInTransaction(tx, [
      {
        workflowName: WORKFLOWS.operatorAlert,
        workflowId: alertWorkflowId(alert.kind, alert.subjectId),
        organizationId: event.organizationId,
        args: [{ organizationId: event.organizationId, ...alert }],
      },
    ]);
  },
  afterCommit(event) {
    const alert = alertOf(event);
    if (alert) kickOutbox([alertWorkflowId(alert.kind, alert.subjectId)]);
  },
};
