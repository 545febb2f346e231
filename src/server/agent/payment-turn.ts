/**
 * The agent's side of a payment by phone: after Twilio's <Pay> reports back, the agent speaks the
 * result and the conversation goes on where it was ("your payment of $184.00 went through; your
 * receipt is on its way"). The line is stored as the agent's message with the payment as its tool
 * result (amount, outcome, ids: never card data), and the dialogue state is set for what comes next:
 * "anything else?" after a success, the pay-link offer after a decline.
 */
import { and, eq } from "drizzle-orm";

import { toSpeakable } from "@/server/agent/voice/speakable";
import { onCommit, type Transaction } from "@/server/db/client";
import { conversation } from "@/server/db/schema";
import type { PayOutcome } from "@/server/payments/phone/settle";
import { publish } from "@/server/realtime/publish";

import { say } from "./dialogue/phrases";
import { money } from "./dialogue/say";
import { readState, type DialogueState } from "./dialogue/state";
import { insertMessages, lockConversation } from "./store/conversation-store";

export interface PaymentTurnInput {
  paymentId: string;
  outcome: PayOutcome;
  amountCents: number;
  /** A receipt text is going to the caller's phone. */
  receiptByText: boolean;
}

export function paymentReply(s: Pick<DialogueState, "language">, p: PaymentTurnInput): string {
  const amount = money(p.amountCents);
  switch (p.outcome) {
    case "succeeded":
      return (
        say(s, "payment.your_payment_went_through", { amount }) +
        (p.receiptByText ? say(s, "payment.receipt_on_its_way") : "") +
        say(s, "account.anything_else_i_can_help")
      );
    case "review":
      return say(s, "payment.being_confirmed", { amount }) + say(s, "account.anything_else_i_can_help");
    case "cancelled":
      return say(s, "payment.stopped_nothing_charged");
    case "declined":
    case "hung_up":
      return say(s, "payment.didnt_go_through_nothing_charged");
  }
}

/**
 * Stores the result line as the agent's next message and sets the dialogue up for the caller's
 * answer. `fresh` false (Twilio repeated its request): nothing is written, the same line is returned.
 */
export async function recordPaymentTurn(
  tx: Transaction,
  organizationId: string,
  conversationId: string,
  input: PaymentTurnInput & { fresh: boolean },
): Promise<{ reply: string; speech: string; language: "en" | "es" } | null> {
  const row = await lockConversation(tx, organizationId, conversationId);
  if (!row) return null;
  const state = readState(row.state, { channel: "voice", facilityId: row.facilityId, callerId: null });
  const reply = paymentReply(state, input);
  const out = { reply, speech: toSpeakable(reply, state.language), language: state.language };
  if (!input.fresh) return out;
  const paid = input.outcome === "succeeded" || input.outcome === "review";
  state.lastEnd = null;
  state.pendingAccount = null;
  state.flow = null;
  state.offer = paid ? null : "pay_link";
  state.expecting = paid ? "anything_else" : null;
  const [seq] = await insertMessages(tx, organizationId, conversationId, [
    {
      role: "agent",
      text: reply,
      brain: "default",
      toolCalls: [
        {
          name: "take_payment_by_phone",
          args: {},
          ok: paid,
          ms: 0,
          result: { paymentId: input.paymentId, outcome: input.outcome, amountCents: input.amountCents },
        },
      ],
      timings: { totalMs: 0 },
    },
  ]);
  state.lastAgentSeq = seq;
  await tx
    .update(conversation)
    .set({ state: state as unknown as Record<string, unknown> })
    .where(and(eq(conversation.organizationId, organizationId), eq(conversation.id, conversationId)));
  onCommit(tx, () =>
    publish(organizationId, { type: "message.created", conversationId, seq: seq! }).catch(() => undefined),
  );
  return out;
}
