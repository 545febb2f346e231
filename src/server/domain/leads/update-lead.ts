import { and, eq } from "drizzle-orm";

import { recordAudit } from "@/server/audit";
import { recordEvent } from "@/server/events/record";
import type { Executor } from "@/server/db/client";
import { lead } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { notFound } from "@/server/domain/errors";

import { ZLeadDetails } from "./lead-input";
import { assertLeadReferences } from "./lead-references";
import type { z } from "zod";

/** Edits a lead's details (owner, desired size/date, notes, follow-up, score). */
export async function updateLead(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  leadId: string,
  patch: z.input<typeof ZLeadDetails>,
) {
  const data = ZLeadDetails.parse(patch);
  await assertLeadReferences(tx, organizationId, data);
  const [row] = await tx
    .update(lead)
    .set(data)
    .where(and(eq(lead.organizationId, organizationId), eq(lead.id, leadId)))
    .returning();
  if (!row) throw notFound("Lead");
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "lead.updated",
    targetType: "lead",
    targetId: leadId,
    data: { fields: Object.keys(data) },
  });
  await recordEvent(tx, { type: "lead.updated", organizationId, leadId });
  return row;
}
