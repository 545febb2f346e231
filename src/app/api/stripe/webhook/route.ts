import { handleStripeWebhook } from "@/server/billing/webhooks/handle-webhook";
import { stripeSignedWebhook } from "@/server/http/untrusted-input";

/** Stripe webhooks (our own billing): the body is read as raw bytes because the signature covers exactly those bytes. */
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = stripeSignedWebhook(handleStripeWebhook);
