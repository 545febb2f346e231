import { handleReportDownload } from "@/server/reports/download";

/** Report downloads (CSV, PDF) for the session's active organization: src/server/reports/download.ts. */
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(req: Request, ctx: { params: Promise<{ report: string }> }) {
  return handleReportDownload(req, (await ctx.params).report);
}
