import "server-only";

import { z } from "zod";

import { DomainError } from "@/server/domain/errors";
import { log } from "@/server/log";
import { sessionViewer } from "@/server/auth/viewer";

import { renderReport } from "./render";
import { ZReportQuery } from "./types";

/**
 * GET /api/reports/<report>?from=YYYY-MM-DD&to=YYYY-MM-DD[&facilityId=…]&format=csv|pdf
 * For a signed-in member of the session's active organization (the same rule as tRPC's
 * orgProcedure); the organization never comes from the URL. Any member may download.
 */
const ZFormat = z.enum(["csv", "pdf"]).default("csv");

const problem = (status: number, message: string) =>
  Response.json({ error: message }, { status, headers: { "cache-control": "no-store" } });

export async function handleReportDownload(req: Request, report: string): Promise<Response> {
  const viewer = await sessionViewer(req.headers);
  if (!viewer) return problem(401, "Sign in and choose an organization first.");
  const params = new URL(req.url).searchParams;
  const format = ZFormat.safeParse(params.get("format") ?? undefined);
  const query = ZReportQuery.safeParse({
    report,
    from: params.get("from"),
    to: params.get("to"),
    facilityId: params.get("facilityId") || null,
  });
  if (!format.success) return problem(400, "format must be csv or pdf.");
  if (!query.success)
    return problem(400, query.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join(" "));
  try {
    const out = await renderReport(viewer.organizationId, query.data, format.data);
    return new Response(new Uint8Array(out.body), {
      headers: {
        "content-type": out.contentType,
        "content-disposition": `attachment; filename="${out.filename}"`,
        "cache-control": "no-store",
        "x-report-rows": String(out.report.rows.length),
      },
    });
  } catch (err) {
    if (err instanceof DomainError) return problem(err.code === "NOT_FOUND" ? 404 : 400, err.message);
    log.error({ err: String(err), report }, "report download failed");
    return problem(500, "The report could not be built.");
  }
}
