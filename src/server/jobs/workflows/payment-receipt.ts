import { DBOS } from "@dbos-inc/dbos-sdk";

import { sendPaymentReceipt } from "@/server/payments/receipt";

import { WORKFLOWS } from "../names";

/** A payment's receipt (src/server/payments/receipt.ts), started by payment.succeeded through the outbox. */
async function paymentReceiptWorkflow(input: { organizationId: string; paymentId: string }) {
  return DBOS.runStep(() => sendPaymentReceipt(input.organizationId, input.paymentId), {
    name: "send-receipt",
    retriesAllowed: true,
    maxAttempts: 5,
    intervalSeconds: 3,
    backoffRate: 2,
  });
}

export const paymentReceipt = DBOS.registerWorkflow(paymentReceiptWorkflow, { name: WORKFLOWS.paymentReceipt });
