import { and, eq, sql } from "drizzle-orm";

import { withOrg } from "@/server/db/client";
import { conversation, message } from "@/server/db/schema";
import { publish } from "@/server/realtime/publish";

/**
 * A customer's line in a text or chat thread a person took over (conversation.handler = 'staff',
 * see calls/take-over.ts): stored in the transcript as the customer's line, shown live, and not
 * answered by the agent. Returns false when the agent handles the thread, so the caller lets the
 * agent answer. The idempotency key (Twilio's MessageSid, the widget's client message id) makes a
 * retry one line.
 */
export async function recordIfStaffHandles(
  input: { organizationId: string; body: string; idempotencyKey: string },
  conversationId: string,
  now: Date,
): Promise<{ seq: number | null } | false> {
  const org = input.organizationId;
  const seq = await withOrg(org, async (tx) => {
    const [c] = await tx
      .select({ handler: conversation.handler })
      .from(conversation)
      .where(and(eq(conversation.organizationId, org), eq(conversation.id, conversationId)))
      .for("update");
    if (c?.handler !== "staff") return undefined;
    const [row] = await tx
      .insert(message)
      .values({
        organizationId: org,
        conversationId,
        seq: sql<number>`(select coalesce(max(seq), 0) from message where conversation_id = ${conversationId}) + 1`,
        role: "caller",
        text: input.body,
        idempotencyKey: input.idempotencyKey,
      })
      .onConflictDoNothing()
      .returning({ seq: message.seq });
    await tx
      .update(conversation)
      .set({ updatedAt: now })
      .where(and(eq(conversation.organizationId, org), eq(conversation.id, conversationId)));
    return row?.seq ?? null;
  });
  if (seq === undefined) return false;
  if (seq !== null) await publish(org, { type: "message.created", conversationId, seq });
  return { seq };
}
