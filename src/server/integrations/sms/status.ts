import { and, eq, sql } from "drizzle-orm";

import { db, withOrg, type Transaction } from "@/server/db/client";
import { SMS_STATUSES, smsMessage, type SmsStatus, type SmsStatusEvent } from "@/server/db/schema";

/**
 * Message delivery status. Twilio's callbacks can arrive out of order (sent after delivered), so
 * the status only moves forward; every distinct report is kept in status_history.
 */
const RANK: Partial<Record<SmsStatus, number>> = {
  outbox: 0,
  pending: 0,
  accepted: 1,
  scheduled: 1,
  queued: 2,
  sending: 3,
  sent: 4,
  delivered: 5,
  undelivered: 5,
  failed: 5,
  canceled: 5,
  read: 6,
};

export const isSmsStatus = (s: string): s is SmsStatus => (SMS_STATUSES as readonly string[]).includes(s);

export async function appendStatus(
  tx: Transaction,
  input: {
    organizationId: string;
    id: string;
    status: string;
    twilioSid?: string;
    errorCode?: string | null;
    errorMessage?: string | null;
  },
) {
  const [row] = await tx
    .select({ status: smsMessage.status, history: smsMessage.statusHistory })
    .from(smsMessage)
    .where(and(eq(smsMessage.id, input.id), eq(smsMessage.organizationId, input.organizationId)))
    .for("update");
  if (!row) return false;
  const last = row.history.at(-1);
  const repeated = last?.status === input.status && (last.errorCode ?? null) === (input.errorCode ?? null);
  const history: SmsStatusEvent[] = repeated
    ? row.history
    : [...row.history, { status: input.status, at: new Date().toISOString(), errorCode: input.errorCode ?? null }];
  const next =
    isSmsStatus(input.status) && (RANK[input.status] ?? 0) >= (RANK[row.status] ?? 0) ? input.status : row.status;
  await tx
    .update(smsMessage)
    .set({
      status: next,
      statusHistory: history,
      updatedAt: sql`now()`,
      ...(input.twilioSid ? { twilioSid: input.twilioSid } : {}),
      ...(input.errorCode ? { errorCode: input.errorCode } : {}),
      ...(input.errorMessage ? { errorMessage: input.errorMessage } : {}),
    })
    .where(and(eq(smsMessage.id, input.id), eq(smsMessage.organizationId, input.organizationId)));
  return true;
}

/**
 * A status callback from Twilio for one of our outbound messages: found by our own id (from the
 * signed callback URL) when present, else by MessageSid. Unknown messages change nothing.
 */
export async function recordSmsStatus(input: {
  smsId?: string | null;
  messageSid: string;
  status: string;
  errorCode?: string | null;
}): Promise<boolean> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const byId = input.smsId && uuid.test(input.smsId) ? eq(smsMessage.id, input.smsId) : null;
  const [row] = await db
    .select({ id: smsMessage.id, organizationId: smsMessage.organizationId, twilioSid: smsMessage.twilioSid })
    .from(smsMessage)
    .where(byId ?? eq(smsMessage.twilioSid, input.messageSid));
  if (!row || (row.twilioSid && row.twilioSid !== input.messageSid)) return false;
  return withOrg(row.organizationId, (tx) =>
    appendStatus(tx, {
      organizationId: row.organizationId,
      id: row.id,
      status: input.status,
      errorCode: input.errorCode ?? null,
      twilioSid: input.messageSid,
    }),
  );
}
