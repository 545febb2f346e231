import { and, eq, inArray } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import { customer, followUpSequence, lead } from "@/server/db/schema";
import { notifyLeadReplied } from "@/server/jobs/follow-ups";
import { log } from "@/server/log";

/**
 * A text from a lead's phone is a reply to their follow-up sequence: the sequence stops (docs/
 * workflows.md) and the agent answers the text as usual. Looked up in the organization that owns
 * the number texted, so the same phone being another operator's lead changes nothing there.
 */
export async function leadsAwaitingReply(tx: Executor, organizationId: string, phone: string): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ leadId: followUpSequence.leadId })
    .from(followUpSequence)
    .innerJoin(lead, and(eq(lead.id, followUpSequence.leadId), eq(lead.organizationId, organizationId)))
    .innerJoin(customer, and(eq(customer.id, lead.customerId), eq(customer.organizationId, organizationId)))
    .where(
      and(
        eq(followUpSequence.organizationId, organizationId),
        eq(customer.phone, phone),
        inArray(followUpSequence.status, ["active", "paused"]),
      ),
    );
  return rows.map((r) => r.leadId);
}

/**
 * After the inbound text has committed. The workflow queue being unreachable must not cost the
 * customer their answer, so a failure is logged (without the text) and the reply goes out anyway.
 */
export async function tellFollowUpsOfReply(
  organizationId: string,
  leadIds: string[],
  body: string,
  messageSid: string,
) {
  for (const leadId of leadIds) {
    try {
      await notifyLeadReplied(leadId, body, messageSid);
    } catch (err) {
      log.error(
        { organizationId, leadId, messageSid, err: String(err) },
        "could not tell the follow-up sequence of a reply",
      );
    }
  }
}
