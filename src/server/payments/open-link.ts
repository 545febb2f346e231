import "server-only";

/**
 * Opening a payment link (GET /pay/<token>): say "already paid", "expired" or "no longer
 * available", or send the customer to a Stripe Checkout Session on the organization's connected
 * account. A session lasts at most until the link expires (Stripe allows 30 minutes to 24 hours),
 * and each new one is made under the idempotency key `payment-link-<id>-<attempt>`, so two people
 * opening the link at once get the same session.
 */
import { and, eq } from "drizzle-orm";

import { publicUrlFrom } from "@/lib/public-url";
import { getBillingState } from "@/server/billing/entitlements";
import { withOrg, type Executor } from "@/server/db/client";
import { customer, paymentLink } from "@/server/db/schema";
import { customerBalance } from "@/server/domain/ledger/balance";
import { hasMoveInCharges } from "@/server/domain/ledger/quote-charges";
import { balanceOf } from "@/server/pms/balance";
import { log } from "@/server/log";

import { currentConnectAccount, requirePaymentsStripe, upstream } from "./connect-account";
import { checkoutLines, findLinkByToken, summaryOf, type PayPageState, type PaymentLinkRow } from "./payment-links";

const MIN_SESSION_S = 30 * 60 + 60;
const MAX_SESSION_S = 24 * 3600 - 60;

export async function openPaymentLink(token: string, now = new Date()): Promise<PayPageState> {
  const found = await findLinkByToken(token);
  if (!found) return { state: "not_found" };
  const org = found.organizationId;
  const verdict = await withOrg(org, async (tx) => {
    const [link] = await tx
      .select()
      .from(paymentLink)
      .where(and(eq(paymentLink.organizationId, org), eq(paymentLink.id, found.id)));
    if (!link) return { state: "not_found" as const };
    if (link.status === "paid") return { state: "paid" as const, summary: summaryOf(link) };
    if (link.status === "cancelled") return { state: "cancelled" as const, summary: summaryOf(link) };
    // Paid through another link (or at the desk) meanwhile: nothing is left to pay here.
    if (await settledElsewhere(tx, link)) return { state: "paid" as const, summary: summaryOf(link) };
    if (link.status === "expired" || link.expiresAt <= now) {
      if (link.status !== "expired")
        await tx
          .update(paymentLink)
          .set({ status: "expired" })
          .where(and(eq(paymentLink.organizationId, org), eq(paymentLink.id, link.id)));
      return { state: "expired" as const, summary: summaryOf(link), session: link.stripeCheckoutSessionId };
    }
    const account = await currentConnectAccount(tx, org);
    if (!account || account.stripeAccountId !== link.stripeAccountId || !account.chargesEnabled)
      return { state: "unavailable" as const, summary: summaryOf(link) };
    if (link.checkoutUrl && link.checkoutExpiresAt && link.checkoutExpiresAt.getTime() > now.getTime() + 120_000)
      return { state: "redirect" as const, url: link.checkoutUrl };
    const [c] = await tx.select({ email: customer.email }).from(customer).where(eq(customer.id, link.customerId));
    const billing = await getBillingState(tx, org);
    return { state: "create" as const, link, email: c?.email ?? null, feeBps: billing.plan.paymentFeeBps };
  });
  if (verdict.state === "expired") {
    if (verdict.session) await expireSession(found, verdict.session);
    return { state: "expired", summary: verdict.summary };
  }
  if (verdict.state !== "create") return verdict;
  return { state: "redirect", url: await createSession(verdict.link, verdict.email, verdict.feeBps, now) };
}

async function settledElsewhere(tx: Executor, link: PaymentLinkRow): Promise<boolean> {
  if (link.purpose === "move_in")
    return (
      Boolean(link.reservationId) &&
      (await hasMoveInCharges(tx, link.organizationId, link.reservationId!)) &&
      (await customerBalance(tx, link.organizationId, link.customerId)).balanceCents <= 0
    );
  // A balance the PMS keeps: settled when its copy (less what we took since) says nothing is owed; a
  // copy we could not read is not "paid".
  const src = await balanceOf(tx, link.organizationId, link.customerId);
  if (src.source === "pms") return src.pms.balanceCents !== null && src.pms.balanceCents <= 0;
  return src.ledger.balanceCents <= 0;
}

async function createSession(link: PaymentLinkRow, email: string | null, feeBps: number, now: Date): Promise<string> {
  const stripe = requirePaymentsStripe();
  const attempt = link.checkoutAttempts + 1;
  const untilLink = Math.floor((link.expiresAt.getTime() - now.getTime()) / 1000);
  const expiresAt = Math.floor(now.getTime() / 1000) + Math.max(MIN_SESSION_S, Math.min(MAX_SESSION_S, untilLink));
  const base = `${publicUrlFrom(process.env)}/pay/${link.token}`;
  const fee = Math.round((link.amountCents * feeBps) / 10_000);
  const metadata = { payment_link_id: link.id, organization_id: link.organizationId, purpose: link.purpose };
  let session;
  try {
    session = await stripe.checkout.sessions.create(
      {
        mode: "payment",
        line_items: checkoutLines(link.lineItems).map((l) => ({
          quantity: 1,
          price_data: { currency: link.currency, unit_amount: l.amountCents, product_data: { name: l.label } },
        })),
        payment_intent_data: {
          description: link.description,
          metadata,
          ...(fee > 0 ? { application_fee_amount: fee } : {}),
        },
        metadata,
        client_reference_id: link.id,
        ...(email ? { customer_email: email } : {}),
        expires_at: expiresAt,
        success_url: `${base}?paid=1`,
        cancel_url: base,
      },
      { stripeAccount: link.stripeAccountId, idempotencyKey: `payment-link-${link.id}-${attempt}` },
    );
  } catch (err) {
    upstream(err, "open Checkout");
  }
  if (!session.url) throw new Error("Stripe did not return a Checkout URL.");
  // Only the opener that moved the attempt count records its session; another one (same key, so
  // the same session) finds it already there.
  await withOrg(link.organizationId, (tx) =>
    tx
      .update(paymentLink)
      .set({
        stripeCheckoutSessionId: session.id,
        checkoutUrl: session.url,
        checkoutExpiresAt: new Date(expiresAt * 1000),
        checkoutAttempts: attempt,
      })
      .where(
        and(
          eq(paymentLink.organizationId, link.organizationId),
          eq(paymentLink.id, link.id),
          eq(paymentLink.checkoutAttempts, link.checkoutAttempts),
          eq(paymentLink.status, "open"),
        ),
      ),
  );
  return session.url;
}

/** An expired link's session is closed at Stripe too, so it cannot be paid from a tab left open. */
async function expireSession(link: PaymentLinkRow, sessionId: string) {
  try {
    const stripe = requirePaymentsStripe();
    const s = await stripe.checkout.sessions.retrieve(sessionId, {}, { stripeAccount: link.stripeAccountId });
    if (s.status === "open")
      await stripe.checkout.sessions.expire(sessionId, {}, { stripeAccount: link.stripeAccountId });
  } catch (err) {
    log.warn(
      { linkId: link.id, err: err instanceof Error ? err.message : String(err) },
      "could not expire a Checkout Session",
    );
  }
}
