import "server-only";

import { and, eq } from "drizzle-orm";

import { findMembership } from "@/server/auth";
import { roleAtLeast } from "@/lib/permissions";
import { withOrg } from "@/server/db/client";
import { emailAttachment } from "@/server/db/schema";
import { sessionViewer } from "@/server/auth/viewer";

/**
 * GET /api/outbox/attachments/<id>: a file attached to one of the organization's outbox e-mails
 * (a scheduled report's CSV or PDF), for the same people who may read the outbox (admins and
 * owners of the session's active organization). Read under row-level security.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function handleOutboxAttachment(req: Request, id: string): Promise<Response> {
  const viewer = await sessionViewer(req.headers);
  if (!viewer) return Response.json({ error: "Sign in and choose an organization first." }, { status: 401 });
  const membership = await findMembership(viewer.userId, viewer.organizationId);
  if (!membership || !roleAtLeast(membership.role, "admin"))
    return Response.json({ error: "This needs the admin role or higher." }, { status: 403 });
  const [file] = UUID.test(id)
    ? await withOrg(viewer.organizationId, (tx) =>
        tx
          .select()
          .from(emailAttachment)
          .where(and(eq(emailAttachment.organizationId, viewer.organizationId), eq(emailAttachment.id, id))),
      )
    : [];
  if (!file) return Response.json({ error: "Attachment not found." }, { status: 404 });
  return new Response(new Uint8Array(file.content), {
    headers: {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${file.filename.replace(/["\r\n]/g, "")}"`,
      "cache-control": "no-store",
    },
  });
}
