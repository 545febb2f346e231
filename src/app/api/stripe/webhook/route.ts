import { handleStripeWebhook } from "@/server/billing/webhooks/handle-webhook";

/** Stripe webhooks: the body is read as raw bytes because the signature covers exactly those bytes. */
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  const raw = new Uint8Array(await request.arrayBuffer());
  const outcome = await handleStripeWebhook(raw, request.headers.get("stripe-signature"));
  return Response.json(outcome.body, { status: outcome.status });
}
