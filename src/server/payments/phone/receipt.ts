import { and, eq } from "drizzle-orm";

import { withOrg, type Transaction } from "@/server/db/client";
import { facility, organization } from "@/server/db/schema";
import { createTask } from "@/server/domain/tasks/create-task";
import { sendSms } from "@/server/integrations/sms/send-sms";

import type { SettledPhonePayment } from "./settle";

const dollars = (cents: number) =>
  `$${Math.floor(cents / 100).toLocaleString("en-US")}.${String(cents % 100).padStart(2, "0")}`;

interface CallOf {
  organizationId: string;
  facilityId: string | null;
  conversationId: string;
  fromAddress: string | null;
}

/**
 * What the caller's phone gets after a payment by phone (never card data): for a caller who hung up
 * mid-payment, the next step ("nothing was charged; call back or
 * text us"). Keyed by the payment, so a repeated <Pay> report never texts twice; sendSms refuses an
 * opted-out number by itself.
 */
export async function sendPhonePaymentReceipt(call: CallOf, p: SettledPhonePayment): Promise<void> {
  if (!call.fromAddress) return;
  const name = await withOrg(call.organizationId, (tx) => businessName(tx, call));
  let body: string | null = null;
  // A success is posted to the ledger, whose payment.succeeded receipt (text and e-mail, once per
  // payment) is the caller's receipt: a text of our own here would be a second one.
  if (p.outcome === "hung_up")
    body = `${name}: your payment of ${dollars(p.amountCents)} by phone was not finished, and nothing was charged. To pay, call us back or text this number.`;
  if (!body) return;
  await sendSms({
    organizationId: call.organizationId,
    to: call.fromAddress,
    body,
    facilityId: call.facilityId,
    conversationId: call.conversationId,
    idempotencyKey: `phone-payment:${p.id}:${p.outcome}`,
  });
}

/** Twilio said success but Stripe could not confirm it: a person checks before it counts. */
export async function reviewTaskFor(tx: Transaction, call: CallOf, p: SettledPhonePayment, reason: string | null) {
  return createTask(
    tx,
    call.organizationId,
    { label: "agent" },
    {
      kind: "other",
      priority: "urgent",
      title: `Confirm a phone payment of ${dollars(p.amountCents)}`,
      body: `Twilio reported a successful payment by keypad that could not be confirmed on the connected Stripe account${reason ? `: ${reason}` : "."} It was not posted to the ledger.`,
      facilityId: call.facilityId,
      contactPhone: call.fromAddress,
      customerId: p.customerId,
      conversationId: call.conversationId,
      sourceKey: `phone-payment-review:${p.id}`,
    },
  );
}

async function businessName(tx: Transaction, call: CallOf): Promise<string> {
  if (call.facilityId) {
    const [f] = await tx
      .select({ name: facility.name })
      .from(facility)
      .where(and(eq(facility.organizationId, call.organizationId), eq(facility.id, call.facilityId)));
    if (f) return f.name;
  }
  const [o] = await tx
    .select({ name: organization.name })
    .from(organization)
    .where(eq(organization.id, call.organizationId));
  return o?.name ?? "Storage";
}
