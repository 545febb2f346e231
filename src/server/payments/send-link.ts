/**
 * Texting (or e-mailing) a payment link to the customer: the link is made (or the open one reused)
 * and committed first, then the message goes out through the usual senders, once per minute at
 * most (the idempotency key carries the minute, so a double click sends one text).
 */
import { and, eq } from "drizzle-orm";

import { withOrg, type Transaction } from "@/server/db/client";
import { customer, facility } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { DomainError } from "@/server/domain/errors";
import { formatCents } from "@/server/domain/pricing/money";
import { sendEmail } from "@/server/integrations/email";
import { outboxSmsIn, sendSms, type SendSmsInput } from "@/server/integrations/sms/send-sms";
import { twilioConfigured } from "@/server/integrations/twilio";

import { refreshPmsBalance } from "@/server/pms/balance";

import { createPaymentLink, type CreatePaymentLinkInput, type PaymentLinkRow } from "./payment-links";

export interface SentLink {
  link: PaymentLinkRow;
  url: string;
  reused: boolean;
  sent: { channel: "sms" | "email"; to: string; status: string } | null;
}

export function linkMessage(link: PaymentLinkRow, url: string, facilityName: string | null) {
  const what = link.purpose === "move_in" ? "your move-in" : "your balance";
  const until = link.expiresAt.toISOString().slice(0, 10);
  return `${facilityName ?? "Storage"}: pay ${formatCents(link.amountCents)} for ${what} securely here: ${url} (link valid until ${until}).`;
}

async function recipient(tx: Transaction, organizationId: string, link: PaymentLinkRow) {
  const [c] = await tx
    .select({ phone: customer.phone, email: customer.email })
    .from(customer)
    .where(and(eq(customer.organizationId, organizationId), eq(customer.id, link.customerId)));
  const [f] = link.facilityId
    ? await tx.select({ name: facility.name }).from(facility).where(eq(facility.id, link.facilityId))
    : [];
  return { phone: c?.phone ?? null, email: c?.email ?? null, facilityName: f?.name ?? null };
}

/** Staff and the API: make the link, commit, then text it (or e-mail it when there is no phone). */
export async function sendPaymentLink(
  organizationId: string,
  actor: Actor,
  input: CreatePaymentLinkInput & { send?: boolean },
): Promise<SentLink> {
  // A balance the PMS keeps is read from it now, before the link's transaction (pms/balance.ts).
  if (input.purpose === "balance") await refreshPmsBalance(organizationId, input.customerId);
  const made = await withOrg(organizationId, async (tx) => {
    const r = await createPaymentLink(tx, organizationId, actor, input);
    return { ...r, to: await recipient(tx, organizationId, r.link) };
  });
  if (input.send === false) return { link: made.link, url: made.url, reused: made.reused, sent: null };
  const body = linkMessage(made.link, made.url, made.to.facilityName);
  const minute = Math.floor(Date.now() / 60_000);
  if (made.to.phone) {
    const r = await sendSms({
      organizationId,
      to: made.to.phone,
      body,
      facilityId: made.link.facilityId,
      idempotencyKey: `payment-link:${made.link.id}:sms:${minute}`,
    });
    if (!r.ok && !made.to.email) throw new DomainError("CONFLICT", `The link was made but not texted: ${r.message}`);
    if (r.ok) return { ...made, sent: { channel: "sms", to: made.to.phone, status: r.status } };
  }
  if (made.to.email) {
    const e = await sendEmail({
      to: made.to.email,
      subject: `Your payment link: ${formatCents(made.link.amountCents)}`,
      text: body,
      kind: "payment_link",
      organizationId,
      idempotencyKey: `payment-link:${made.link.id}:email:${minute}`,
    });
    return {
      link: made.link,
      url: made.url,
      reused: made.reused,
      sent: { channel: "email", to: made.to.email, status: e.status },
    };
  }
  throw new DomainError("BAD_REQUEST", "The customer has no phone number or e-mail address to send the link to.");
}

/** The customer's phone, e-mail and facility name, for sending a link. */
export const linkRecipient = recipient;

/**
 * The agent's turn (and the public API): made in the caller's transaction; the text goes to the caller's number. Without
 * Twilio the outbox row is written with the turn; with it the text is sent at once (sendSms).
 */
export async function sendPaymentLinkInTurn(
  tx: Transaction,
  organizationId: string,
  actor: Actor,
  input: CreatePaymentLinkInput,
  sms: Omit<SendSmsInput, "body" | "organizationId">,
) {
  const r = await createPaymentLink(tx, organizationId, actor, { ...input, channel: input.channel ?? "agent" });
  const to = await recipient(tx, organizationId, r.link);
  const text: SendSmsInput = { ...sms, organizationId, body: linkMessage(r.link, r.url, to.facilityName) };
  const res = twilioConfigured() ? await sendSms(text) : await outboxSmsIn(tx, text);
  return { ...r, sms: res };
}
