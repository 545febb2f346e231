import { withOrg } from "@/server/db/client";
import { agentIncident } from "@/server/db/schema";
import { DomainError } from "@/server/domain/errors";
import { log } from "@/server/log";

/**
 * Records a turn the agent could not take, for the "agent failing" alert. Only the error's class
 * and first line are kept (a query error can quote what the caller said; transcripts stay out).
 * A DomainError is a refused request (unknown conversation), not the agent failing.
 */
export async function recordAgentError(
  organizationId: string,
  conversationId: string | null,
  err: unknown,
): Promise<void> {
  if (err instanceof DomainError) return;
  const e = err instanceof Error ? err : null;
  const detail = (e ? e.name : "Error").slice(0, 100);
  try {
    await withOrg(organizationId, (tx) => tx.insert(agentIncident).values({ organizationId, conversationId, detail }));
  } catch (writeErr) {
    log.warn({ organizationId, err: String(writeErr) }, "could not record an agent incident");
  }
}
