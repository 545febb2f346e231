/**
 * The receipt for a payment: a text (unless the customer opted out) and an e-mail, each sent once
 * (idempotency keys derived from the payment), through the same senders as every other message:
 * Twilio or the SMS outbox, SMTP or the e-mail outbox. Run by the paymentReceipt workflow that the
 * payment.succeeded event starts (./subscriber.ts), so a crash after the payment loses no receipt.
 */
import { and, eq } from "drizzle-orm";

import { withOrg } from "@/server/db/client";
import { customer, facility, payment, paymentLink } from "@/server/db/schema";
import { formatCents } from "@/server/domain/pricing/money";
import { customerBalance } from "@/server/domain/ledger/balance";
import { sendEmail } from "@/server/integrations/email";
import { sendSms } from "@/server/integrations/sms/send-sms";

export interface ReceiptOutcome {
  sms: "sent" | "outbox" | "skipped" | string;
  email: "sent" | "outbox" | "skipped" | string;
}

export async function loadReceipt(organizationId: string, paymentId: string) {
  return withOrg(organizationId, async (tx) => {
    const [row] = await tx
      .select({
        p: payment,
        name: customer.name,
        phone: customer.phone,
        email: customer.email,
        description: paymentLink.description,
        facilityId: paymentLink.facilityId,
      })
      .from(payment)
      .innerJoin(customer, eq(customer.id, payment.customerId))
      .leftJoin(paymentLink, eq(paymentLink.id, payment.paymentLinkId))
      .where(and(eq(payment.organizationId, organizationId), eq(payment.id, paymentId)));
    if (!row) return null;
    const [f] = row.facilityId
      ? await tx.select({ name: facility.name }).from(facility).where(eq(facility.id, row.facilityId))
      : [];
    const balance = await customerBalance(tx, organizationId, row.p.customerId);
    return { ...row, facilityName: f?.name ?? null, balanceCents: balance.balanceCents };
  });
}

export function receiptText(r: NonNullable<Awaited<ReturnType<typeof loadReceipt>>>) {
  const who = r.facilityName ?? "Storage";
  const when = r.p.receivedAt.toISOString().slice(0, 10);
  const what = r.description ? ` for ${r.description.replace(/^[^:]*:\s*/, "")}` : "";
  const left = r.balanceCents > 0 ? ` Balance remaining: ${formatCents(r.balanceCents)}.` : " Your balance is $0.00.";
  return `${who}: we received your payment of ${formatCents(r.p.amountCents)}${what} on ${when}. Receipt ${r.p.id.slice(0, 8).toUpperCase()}.${left}`;
}

export async function sendPaymentReceipt(organizationId: string, paymentId: string): Promise<ReceiptOutcome> {
  const r = await loadReceipt(organizationId, paymentId);
  if (!r || r.p.status === "failed" || r.p.status === "pending") return { sms: "skipped", email: "skipped" };
  const text = receiptText(r);
  const out: ReceiptOutcome = { sms: "skipped", email: "skipped" };
  if (r.phone) {
    const s = await sendSms({
      organizationId,
      to: r.phone,
      body: text,
      facilityId: r.facilityId,
      idempotencyKey: `receipt:${paymentId}:sms`,
    });
    out.sms = s.ok ? s.status : s.reason;
  }
  if (r.email) {
    const e = await sendEmail({
      to: r.email,
      subject: `Payment receipt: ${formatCents(r.p.amountCents)}`,
      text: `Hello${r.name ? ` ${r.name}` : ""},\n\n${text}\n\nThank you.`,
      kind: "payment_receipt",
      organizationId,
      idempotencyKey: `receipt:${paymentId}:email`,
    });
    out.email = e.status;
  }
  return out;
}
