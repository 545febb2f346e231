import { and, eq } from "drizzle-orm";

import { payment } from "@/server/db/schema";
import type { Subscriber } from "@/server/events/subscriber";

import { closePaidCases } from "./engine";

/**
 * payment.succeeded stops collections at once: in the payment's transaction, the customer's open
 * cases that it settled are closed (the sweep would find them settled too, within 15 minutes).
 */
export const collectionsSubscriber: Subscriber = {
  name: "collections",
  events: ["payment.succeeded"],
  async inTransaction(tx, event) {
    if (event.type !== "payment.succeeded") return;
    const [p] = await tx
      .select({ customerId: payment.customerId })
      .from(payment)
      .where(and(eq(payment.organizationId, event.organizationId), eq(payment.id, event.paymentId)));
    if (p) await closePaidCases(tx, event.organizationId, p.customerId);
  },
};
