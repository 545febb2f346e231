import { handleStripeWebhook } from "@/server/billing/webhooks/handle-webhook";
import { BodyTooLargeError, readBoundedBody, WEBHOOK_MAX_BODY_BYTES } from "@/server/http/untrusted-input";

/** Stripe webhooks: the body is read as raw bytes because the signature covers exactly those bytes. */
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  let raw: Uint8Array;
  try {
    // Bounded: the signature is checked only once the body is in.
    raw = await readBoundedBody(request, WEBHOOK_MAX_BODY_BYTES);
  } catch (err) {
    if (err instanceof BodyTooLargeError) return Response.json({ error: err.message }, { status: 413 });
    throw err;
  }
  const outcome = await handleStripeWebhook(raw, request.headers.get("stripe-signature"));
  return Response.json(outcome.body, { status: outcome.status });
}
