import { ZodError } from "zod";

import { analyticsCsv } from "@/server/analytics/export-csv";
import { readAnalytics } from "@/server/analytics/read";
import { log } from "@/server/log";
import { sessionViewer } from "@/server/auth/viewer";

/**
 * GET /api/analytics/export.csv?from=YYYY-MM-DD&to=YYYY-MM-DD[&facilityId=…][&channel=voice|sms|chat]
 * The Analytics page's daily table for the session's active organization (never from the URL).
 */
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const problem = (status: number, message: string) =>
  Response.json({ error: message }, { status, headers: { "cache-control": "no-store" } });

export async function GET(req: Request) {
  const viewer = await sessionViewer(req.headers);
  if (!viewer) return problem(401, "Sign in and choose an organization first.");
  const p = new URL(req.url).searchParams;
  const filter = {
    from: p.get("from") ?? "",
    to: p.get("to") ?? "",
    facilityId: p.get("facilityId") || null,
    channel: (p.get("channel") || null) as "voice" | null,
  };
  try {
    const csv = await readAnalytics(viewer.organizationId, (tx) => analyticsCsv(tx, viewer.organizationId, filter));
    return new Response(csv.body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${csv.filename}"`,
        "cache-control": "no-store",
        "x-analytics-rows": String(csv.rows),
      },
    });
  } catch (err) {
    if (err instanceof ZodError)
      return problem(400, err.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join(" "));
    log.error({ err: String(err) }, "analytics export failed");
    return problem(500, "The export could not be built.");
  }
}
