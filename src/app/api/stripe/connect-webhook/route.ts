import { BodyTooLargeError, readBoundedBody, WEBHOOK_MAX_BODY_BYTES } from "@/server/http/untrusted-input";
import { handleConnectWebhook } from "@/server/payments/connect-webhook";

/**
 * Stripe Connect webhooks: events on operators' connected accounts (customer payments, refunds,
 * account changes), signed with the Connect endpoint's secret. Raw bytes: the signature covers them.
 */
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  let raw: Uint8Array;
  try {
    raw = await readBoundedBody(request, WEBHOOK_MAX_BODY_BYTES);
  } catch (err) {
    if (err instanceof BodyTooLargeError) return Response.json({ error: err.message }, { status: 413 });
    throw err;
  }
  const outcome = await handleConnectWebhook(raw, request.headers.get("stripe-signature"));
  return Response.json(outcome.body, { status: outcome.status });
}
