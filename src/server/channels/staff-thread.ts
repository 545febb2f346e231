import { and, eq, sql } from "drizzle-orm";

import { withOrg, type Transaction } from "@/server/db/client";
import { conversation, message } from "@/server/db/schema";
import { publish } from "@/server/realtime/publish";

/**
 * One line added to a text or chat thread's transcript by someone other than the agent: a person at
 * the operator (`staff`, from the dashboard) or the customer in a thread a person took over
 * (`caller`). The caller of this function holds the conversation's row lock (select … for update in
 * the same transaction), so `max(seq) + 1` is the next free seq. The idempotency key makes a retry one
 * line: then nothing is written and the result is null. Otherwise the thread is touched
 * (`updated_at`), and with `handler` it becomes that handler's, and the new line's seq is returned.
 */
export async function appendThreadLine(
  tx: Transaction,
  line: {
    organizationId: string;
    conversationId: string;
    role: "staff" | "caller";
    text: string;
    idempotencyKey: string;
    now: Date;
    handler?: "staff";
  },
): Promise<number | null> {
  const { organizationId, conversationId } = line;
  const [row] = await tx
    .insert(message)
    .values({
      organizationId,
      conversationId,
      seq: sql<number>`(select coalesce(max(seq), 0) from message where conversation_id = ${conversationId}) + 1`,
      role: line.role,
      text: line.text,
      idempotencyKey: line.idempotencyKey,
    })
    .onConflictDoNothing()
    .returning({ seq: message.seq });
  if (!row) return null;
  await tx
    .update(conversation)
    .set({ ...(line.handler ? { handler: line.handler } : {}), updatedAt: line.now })
    .where(and(eq(conversation.organizationId, organizationId), eq(conversation.id, conversationId)));
  return row.seq;
}

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
    return appendThreadLine(tx, {
      organizationId: org,
      conversationId,
      role: "caller",
      text: input.body,
      idempotencyKey: input.idempotencyKey,
      now,
    });
  });
  if (seq === undefined) return false;
  if (seq !== null) await publish(org, { type: "message.created", conversationId, seq });
  return { seq };
}
