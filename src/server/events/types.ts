import type { rental } from "@/server/db/schema";

/**
 * The moments other parts of the system react to, recorded by the code that made the change, in
 * the transaction that made it (./record.ts). Ids, not rows: a subscriber that needs the row reads
 * it in the same transaction, so it sees exactly what commits.
 */
type Org = { organizationId: string };
type ReservationRef = Org & { reservationId: string };

export type DomainEvent =
  | ({ type: "reservation.created" } & ReservationRef)
  | ({ type: "reservation.cancelled" } & ReservationRef)
  | ({ type: "reservation.expired" } & ReservationRef)
  | ({ type: "reservation.extended" } & ReservationRef)
  | ({ type: "reservation.converted" } & ReservationRef)
  | ({ type: "lead.captured"; leadId: string } & Org)
  | ({
      type: "lead.updated";
      leadId: string;
      /**
       * Only its status moved, in the transaction that just announced this lead (lead.captured or
       * lead.updated from its capture): the PMS subscriber has queued it already, nothing else changed.
       */
      statusOnly?: boolean;
    } & Org)
  /** Never carries the gate code: no subscriber is staff. */
  | ({ type: "rental.created"; rental: Omit<typeof rental.$inferSelect, "gateCodeEncrypted"> } & Org)
  /** Money received from a customer: a payment row with status succeeded and its ledger entry (issue 16). */
  | ({ type: "payment.succeeded"; paymentId: string } & Org)
  /** A card payment attempt that failed (no ledger entry). */
  | ({ type: "payment.failed"; paymentId: string } & Org)
  /** Part or all of a payment given back: `ledgerEntryId` is the refund's entry. */
  | ({ type: "payment.refunded"; paymentId: string; ledgerEntryId: string; amountCents: number } & Org)
  /** A customer's bank disputed a card payment (`opened`), or the dispute ended (`closed`: won or lost). */
  | ({
      type: "payment.disputed";
      paymentId: string;
      /** Our payment_dispute row. */
      disputeId: string;
      status: string;
      stage: "opened" | "closed";
    } & Org)
  /** A caller's message saved as a task for staff (take_message, or what a conversation left). */
  | ({ type: "message.taken"; taskId: string } & Org)
  /** A conversation wrapped up (outcome, summary) by the post-conversation workflow. */
  | ({ type: "call.completed"; conversationId: string } & Org)
  /** A new conversation; `greetingSeq` is its greeting's message, when one was said. */
  | ({ type: "conversation.started"; conversationId: string; channel: string; greetingSeq: number | null } & Org)
  /** One stored turn: the customer's message and the agent's reply. */
  | ({
      type: "turn.committed";
      conversationId: string;
      channel: string;
      customerSeq: number;
      agentSeq: number;
      /** Whether the statement that stored the turn already told live dashboards (NOTIFY transport). */
      notifiedInStatement: boolean;
    } & Org);

export type DomainEventType = DomainEvent["type"];
export type EventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;
