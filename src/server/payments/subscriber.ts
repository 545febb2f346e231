import type { Subscriber } from "@/server/events/subscriber";
import { WORKFLOWS, workflowIds } from "@/server/jobs/names";
import { enqueueInTransaction, kickOutbox } from "@/server/jobs/outbox";

/**
 * Reactions to payments: the receipt workflow is written to the outbox with the payment (so it
 * starts even if this process dies after the commit), and the outbox is woken after the commit.
 * Payments mirrored from a PMS or imported get no receipt from us: the PMS sends its own.
 */
export const paymentSubscriber: Subscriber = {
  name: "payments",
  events: ["payment.succeeded"],
  async inTransaction(tx, event) {
    if (event.type !== "payment.succeeded") return;
    await enqueueInTransaction(tx, [
      {
        organizationId: event.organizationId,
        workflowName: WORKFLOWS.paymentReceipt,
        workflowId: workflowIds.paymentReceipt(event.paymentId),
        args: [{ organizationId: event.organizationId, paymentId: event.paymentId }],
      },
    ]);
  },
  afterCommit(event) {
    if (event.type === "payment.succeeded") kickOutbox([workflowIds.paymentReceipt(event.paymentId)]);
  },
};
