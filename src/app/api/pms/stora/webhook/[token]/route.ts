import { handleStoraWebhook } from "@/server/pms/stora-webhook";

/** Stora webhooks: the body is read as raw bytes because the signature covers exactly those bytes. */
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request, ctx: { params: Promise<{ token: string }> }) {
  const { token } = await ctx.params;
  const raw = new Uint8Array(await request.arrayBuffer());
  const outcome = await handleStoraWebhook(token, raw, request.headers.get("x-stora-signature"));
  return Response.json(outcome.body, { status: outcome.status });
}
