import { handleOutboxAttachment } from "@/server/reports/outbox-attachment";

/** Files attached to the organization's outbox e-mails (scheduled reports): src/server/reports/outbox-attachment.ts. */
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  return handleOutboxAttachment(req, (await ctx.params).id);
}
