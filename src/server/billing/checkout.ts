/**
 * Stripe Checkout (start a subscription) and the Billing Portal (change plan, card, see invoices).
 * Both return a URL the browser is sent to; the subscription itself is recorded only when Stripe's
 * webhook arrives, never from the redirect back, which anyone could forge.
 */
import { eq } from "drizzle-orm";

import { env } from "@/env";
import { db } from "@/server/db/client";
import { billingSubscription, organization } from "@/server/db/schema";
import { getStripe, type Stripe } from "@/server/integrations/stripe";

import { signupTrialEnd } from "./billing-state";
import { getBillingState } from "./entitlements";
import { PLANS, priceIdFor, usagePriceIdFor, type Interval, type PaidPlanId } from "./plans";
import { DomainError } from "@/server/domain/errors";

function requireStripe(): Stripe {
  const stripe = getStripe();
  if (!stripe) throw new DomainError("PRECONDITION_FAILED", "Billing is not configured on this server.");
  return stripe;
}

async function orgOrThrow(organizationId: string) {
  const [org] = await db
    .select({
      id: organization.id,
      name: organization.name,
      slug: organization.slug,
      createdAt: organization.createdAt,
    })
    .from(organization)
    .where(eq(organization.id, organizationId));
  if (!org) throw new DomainError("NOT_FOUND", "No such organization.");
  return org;
}

const billingPageUrl = (slug: string) =>
  `${env.PUBLIC_URL.replace(/\/$/, "")}/${encodeURIComponent(slug)}/settings/billing`;

/**
 * The organization's Stripe customer, created on first use. The idempotency key makes two
 * simultaneous first checkouts share one customer instead of creating two.
 */
async function ensureCustomer(stripe: Stripe, org: { id: string; name: string }, email: string): Promise<string> {
  const [row] = await db
    .select({ customerId: billingSubscription.stripeCustomerId })
    .from(billingSubscription)
    .where(eq(billingSubscription.organizationId, org.id));
  if (row?.customerId) return row.customerId;
  const customer = await stripe.customers.create(
    { name: org.name, email, metadata: { organizationId: org.id } },
    { idempotencyKey: `storage-agent-customer-${org.id}` },
  );
  await db
    .insert(billingSubscription)
    .values({ organizationId: org.id, stripeCustomerId: customer.id })
    .onConflictDoUpdate({
      target: billingSubscription.organizationId,
      set: { stripeCustomerId: customer.id, updatedAt: new Date() },
    });
  return customer.id;
}

/** Whole days left of the sign-up trial, carried into the subscription (Stripe needs at least 1). */
function remainingTrialDays(createdAt: Date, now: Date): number | null {
  const days = Math.ceil((signupTrialEnd(createdAt).getTime() - now.getTime()) / 86_400_000);
  return days >= 1 ? days : null;
}

export async function createCheckoutSession(input: {
  organizationId: string;
  plan: PaidPlanId;
  interval: Interval;
  email: string;
  now?: Date;
}): Promise<{ url: string; id: string }> {
  const stripe = requireStripe();
  const now = input.now ?? new Date();
  const price = priceIdFor(input.plan, input.interval);
  if (!price) {
    throw new DomainError(
      "PRECONDITION_FAILED",
      `The ${PLANS[input.plan].name} plan is not on sale ${input.interval === "month" ? "monthly" : "yearly"} on this server (no Stripe price configured).`,
    );
  }
  const org = await orgOrThrow(input.organizationId);
  const state = await getBillingState(db, org.id, now);
  if (
    state.hasSubscription &&
    (state.status === "trialing" || state.status === "active" || state.status === "past_due")
  ) {
    throw new DomainError(
      "CONFLICT",
      "This organization already has a subscription. Change plans in the billing portal.",
    );
  }
  const customer = await ensureCustomer(stripe, org, input.email);
  // Only a first subscription gets the rest of the sign-up trial; coming back after cancelling does not.
  const trialDays =
    state.status === "none" || state.status === "incomplete" ? remainingTrialDays(org.createdAt, now) : null;
  const usagePrice = usagePriceIdFor(input.plan);
  const returnUrl = billingPageUrl(org.slug);

  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer,
    client_reference_id: org.id,
    line_items: [{ price, quantity: 1 }, ...(usagePrice ? [{ price: usagePrice }] : [])],
    subscription_data: {
      metadata: { organizationId: org.id, plan: input.plan },
      ...(trialDays ? { trial_period_days: trialDays } : {}),
    },
    metadata: { organizationId: org.id, plan: input.plan },
    allow_promotion_codes: true,
    success_url: `${returnUrl}?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${returnUrl}?checkout=cancelled`,
  });
  if (!session.url) throw new Error("Stripe did not return a Checkout URL.");
  return { url: session.url, id: session.id };
}

export async function createPortalSession(input: { organizationId: string }): Promise<{ url: string }> {
  const stripe = requireStripe();
  const org = await orgOrThrow(input.organizationId);
  const [row] = await db
    .select({ customerId: billingSubscription.stripeCustomerId })
    .from(billingSubscription)
    .where(eq(billingSubscription.organizationId, org.id));
  if (!row?.customerId) {
    throw new DomainError("PRECONDITION_FAILED", "There is nothing to manage yet: choose a plan first.");
  }
  const session = await stripe.billingPortal.sessions.create({
    customer: row.customerId,
    return_url: billingPageUrl(org.slug),
  });
  return { url: session.url };
}
