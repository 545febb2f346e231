import { and, count, eq } from "drizzle-orm";

import type { Transaction } from "@/server/db/client";
import { phonePayment } from "@/server/db/schema";
import { isUniqueViolation } from "@/server/domain/errors";

import type { PhonePaySetup } from "./setup";

/** A caller gets this many <Pay> hand-offs per call; after that the agent offers a link by text. */
export const MAX_PHONE_PAYMENTS_PER_CALL = 3;

export type OpenedPhonePayment =
  | { ok: true; id: string; amountCents: number; currency: string; connector: string; reused: boolean }
  | { ok: false; reason: "too_many_attempts" };

/**
 * Opens the pending attempt a <Pay> hand-off belongs to. A pending attempt of this call is reused
 * (a retried turn, a second "yes"): one call never has two <Pay> sessions open for its money, so a
 * charge can only be posted once per attempt.
 */
export async function openPhonePayment(
  tx: Transaction,
  organizationId: string,
  input: {
    conversationId: string;
    callSid: string;
    customerId: string;
    rentalId: string | null;
    amountCents: number;
    setup: PhonePaySetup;
  },
): Promise<OpenedPhonePayment> {
  if (!Number.isInteger(input.amountCents) || input.amountCents <= 0)
    throw new Error("a phone payment needs a positive amount in cents");
  const pending = await pendingOf(tx, organizationId, input.conversationId);
  if (pending) return { ok: true, ...pending, reused: true };
  const [{ n }] = (await tx
    .select({ n: count() })
    .from(phonePayment)
    .where(
      and(eq(phonePayment.organizationId, organizationId), eq(phonePayment.conversationId, input.conversationId)),
    )) as [{ n: number }];
  if (n >= MAX_PHONE_PAYMENTS_PER_CALL) return { ok: false, reason: "too_many_attempts" };
  try {
    const [row] = await tx.transaction((sp) =>
      sp
        .insert(phonePayment)
        .values({
          organizationId,
          conversationId: input.conversationId,
          callSid: input.callSid,
          customerId: input.customerId,
          rentalId: input.rentalId,
          amountCents: input.amountCents,
          connector: input.setup.connector,
          stripeAccountId: input.setup.stripeAccountId,
        })
        .returning({
          id: phonePayment.id,
          amountCents: phonePayment.amountCents,
          currency: phonePayment.currency,
          connector: phonePayment.connector,
        }),
    );
    return { ok: true, ...row!, reused: false };
  } catch (err) {
    // Another delivery of the same turn opened it first.
    if (!isUniqueViolation(err)) throw err;
    const again = await pendingOf(tx, organizationId, input.conversationId);
    if (!again) throw err;
    return { ok: true, ...again, reused: true };
  }
}

async function pendingOf(tx: Transaction, organizationId: string, conversationId: string) {
  const [row] = await tx
    .select({
      id: phonePayment.id,
      amountCents: phonePayment.amountCents,
      currency: phonePayment.currency,
      connector: phonePayment.connector,
    })
    .from(phonePayment)
    .where(
      and(
        eq(phonePayment.organizationId, organizationId),
        eq(phonePayment.conversationId, conversationId),
        eq(phonePayment.status, "pending"),
      ),
    );
  return row ?? null;
}
