import "server-only";

import { z } from "zod";

import { ApiProblem, readableIssues, zodErrors } from "@/server/http/problem";
import { sessionRoute } from "@/server/http/session-route";

import { renderReport } from "./render";
import { ZReportQuery } from "./types";

/**
 * GET /api/reports/<report>?from=YYYY-MM-DD&to=YYYY-MM-DD[&facilityId=…]&format=csv|pdf
 * For a signed-in member of the session's active organization (the same rule as tRPC's
 * orgProcedure); the organization never comes from the URL. Any member may download.
 */
const ZFormat = z.enum(["csv", "pdf"]).default("csv");

export const handleReportDownload = sessionRoute("report download", async (req, viewer, report: string) => {
  const params = new URL(req.url).searchParams;
  const format = ZFormat.safeParse(params.get("format") ?? undefined);
  const query = ZReportQuery.safeParse({
    report,
    from: params.get("from"),
    to: params.get("to"),
    facilityId: params.get("facilityId") || null,
  });
  if (!format.success) throw new ApiProblem("validation-error", "format must be csv or pdf.");
  if (!query.success)
    throw new ApiProblem("validation-error", readableIssues(query.error), { errors: zodErrors("query", query.error) });
  const out = await renderReport(viewer.organizationId, query.data, format.data);
  return new Response(new Uint8Array(out.body), {
    headers: {
      "content-type": out.contentType,
      "content-disposition": `attachment; filename="${out.filename}"`,
      "cache-control": "no-store",
      "x-report-rows": String(out.report.rows.length),
    },
  });
});
