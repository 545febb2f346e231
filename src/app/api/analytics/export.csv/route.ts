import { analyticsCsv } from "@/server/analytics/export-csv";
import { readAnalytics } from "@/server/analytics/read";
import { ApiProblem, readableIssues, zodErrors } from "@/server/http/problem";
import { sessionRoute } from "@/server/http/session-route";
import { ZodError } from "zod";

/**
 * GET /api/analytics/export.csv?from=YYYY-MM-DD&to=YYYY-MM-DD[&facilityId=…][&channel=voice|sms|chat]
 * The Analytics page's daily table for the session's active organization (never from the URL).
 */
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = sessionRoute("analytics export", async (req, viewer) => {
  const p = new URL(req.url).searchParams;
  const filter = {
    from: p.get("from") ?? "",
    to: p.get("to") ?? "",
    facilityId: p.get("facilityId") || null,
    channel: (p.get("channel") || null) as "voice" | null,
  };
  const csv = await readAnalytics(viewer.organizationId, (tx) => analyticsCsv(tx, viewer.organizationId, filter)).catch(
    (err: unknown) => {
      // The filter is the query string: its issues are the caller's, named by query parameter.
      if (err instanceof ZodError)
        throw new ApiProblem("validation-error", readableIssues(err), { errors: zodErrors("query", err) });
      throw err;
    },
  );
  return new Response(csv.body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${csv.filename}"`,
      "cache-control": "no-store",
      "x-analytics-rows": String(csv.rows),
    },
  });
});
