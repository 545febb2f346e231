import { ZodError } from "zod";

import { findMembership } from "@/server/auth";
import { withOrg } from "@/server/db/client";
import { auditLogCsv } from "@/server/domain/audit-log/list-audit-log";
import { ApiProblem, readableIssues, zodErrors } from "@/server/http/problem";
import { sessionRoute } from "@/server/http/session-route";
import { roleAtLeast } from "@/lib/permissions";

/**
 * GET /api/audit-log/export.csv?action=…&actor=…&targetType=…&from=ISO&to=ISO
 * Settings > Audit log's filter as CSV, for admins and owners of the session's active organization
 * (never from the URL); times in the organization's time zone.
 */
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = sessionRoute("audit log export", async (req, viewer) => {
  const membership = await findMembership(viewer.userId, viewer.organizationId);
  if (!membership || !roleAtLeast(membership.role, "admin"))
    throw new ApiProblem("forbidden", "Only admins and owners can export the audit log.");
  const p = new URL(req.url).searchParams;
  const filter = {
    action: p.get("action") || null,
    actor: p.get("actor") || null,
    targetType: p.get("targetType") || null,
    from: p.get("from") || null,
    to: p.get("to") || null,
  };
  const csv = await withOrg(viewer.organizationId, (tx) => auditLogCsv(tx, viewer.organizationId, filter)).catch(
    (err: unknown) => {
      if (err instanceof ZodError)
        throw new ApiProblem("validation-error", readableIssues(err), { errors: zodErrors("query", err) });
      throw err;
    },
  );
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="audit-log-${new Date().toISOString().slice(0, 10)}.csv"`,
      "cache-control": "no-store",
    },
  });
});
