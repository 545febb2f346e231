import { stripeSignedWebhook } from "@/server/http/untrusted-input";
import { handleConnectWebhook } from "@/server/payments/connect-webhook";

/**
 * Stripe Connect webhooks: events on operators' connected accounts (customer payments, refunds,
 * account changes), signed with the Connect endpoint's secret. Raw bytes: the signature covers them.
 */
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = stripeSignedWebhook(handleConnectWebhook);
