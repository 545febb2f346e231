import "server-only";

import { and, eq } from "drizzle-orm";

import { findMembership } from "@/server/auth";
import { roleAtLeast } from "@/lib/permissions";
import { withOrg } from "@/server/db/client";
import { emailAttachment } from "@/server/db/schema";
import { DomainError, notFound } from "@/server/domain/errors";
import { sessionRoute } from "@/server/http/session-route";
import { UUID } from "@/lib/uuid";

/**
 * GET /api/outbox/attachments/<id>: a file attached to one of the organization's outbox e-mails
 * (a scheduled report's CSV or PDF), for the same people who may read the outbox (admins and
 * owners of the session's active organization). Read under row-level security.
 */

export const handleOutboxAttachment = sessionRoute("outbox attachment", async (_req, viewer, id: string) => {
  const membership = await findMembership(viewer.userId, viewer.organizationId);
  if (!membership || !roleAtLeast(membership.role, "admin"))
    throw new DomainError("FORBIDDEN", "This needs the admin role or higher.");
  const [file] = UUID.test(id)
    ? await withOrg(viewer.organizationId, (tx) =>
        tx
          .select()
          .from(emailAttachment)
          .where(and(eq(emailAttachment.organizationId, viewer.organizationId), eq(emailAttachment.id, id))),
      )
    : [];
  if (!file) throw notFound("Attachment");
  return new Response(new Uint8Array(file.content), {
    headers: {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${file.filename.replace(/["\r\n]/g, "")}"`,
      "cache-control": "no-store",
    },
  });
});
