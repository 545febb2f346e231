import { and, eq, isNull, lt, or, sql } from "drizzle-orm";

import { withOrg, type Transaction } from "@/server/db/client";
import { smsMessage } from "@/server/db/schema";

/**
 * Who is answering an inbound text. The delivery that runs the agent's turn holds a lease on the
 * inbound row (reply_lease_until), renewed while the turn runs; answered_at is set in the
 * transaction that stores the reply. Twilio's redelivery of the same MessageSid then finds one of:
 * - answered: it gets the stored reply (or none, when none was decided);
 * - a live lease: the first delivery is still working (a slow turn): it waits for that reply;
 * - neither: the first delivery died between storing the text and replying (a crash, a killed
 *   process): it takes the lease and runs the turn itself. The turn is idempotent on the MessageSid,
 *   so a turn that did commit before the crash is replayed, not taken twice.
 */
export const REPLY_LEASE_MS = 5_000;
const RENEW_EVERY_MS = 1_500;
/** A redelivery waits at most this long for a live first delivery: under Twilio's 15 s webhook timeout. */
export const REPLY_WAIT_MS = 10_000;
const POLL_MS = 200;

export const leaseExpiry = () => sql`now() + make_interval(secs => ${REPLY_LEASE_MS / 1000})`;

export interface InboundState {
  id: string;
  answeredAt: Date | null;
  leaseLive: boolean;
  conversationId: string | null;
}

/** The inbound row of `messageSid`, locked, with whether its lease is live (by the database's clock). */
export async function lockInbound(tx: Transaction, organizationId: string, messageSid: string) {
  const [row] = await tx
    .select({
      id: smsMessage.id,
      answeredAt: smsMessage.answeredAt,
      leaseLive: sql<boolean>`coalesce(${smsMessage.replyLeaseUntil} > now(), false)`,
      conversationId: smsMessage.conversationId,
    })
    .from(smsMessage)
    .where(
      and(
        eq(smsMessage.organizationId, organizationId),
        eq(smsMessage.twilioSid, messageSid),
        eq(smsMessage.direction, "in"),
      ),
    )
    .for("update");
  return (row as InboundState | undefined) ?? null;
}

/** Takes the lease of an unanswered row whose lease is free or expired; false when someone holds it. */
export async function takeLease(tx: Transaction, organizationId: string, id: string): Promise<boolean> {
  const rows = await tx
    .update(smsMessage)
    .set({ replyLeaseUntil: leaseExpiry() })
    .where(
      and(
        eq(smsMessage.organizationId, organizationId),
        eq(smsMessage.id, id),
        isNull(smsMessage.answeredAt),
        or(isNull(smsMessage.replyLeaseUntil), lt(smsMessage.replyLeaseUntil, sql`now()`)),
      ),
    )
    .returning({ id: smsMessage.id });
  return rows.length > 0;
}

/** Keeps the lease alive while `work` runs (a slow model turn must not look like a dead delivery). */
export async function whileHoldingLease<T>(organizationId: string, id: string, work: () => Promise<T>): Promise<T> {
  const renew = setInterval(() => {
    void withOrg(organizationId, (tx) =>
      tx
        .update(smsMessage)
        .set({ replyLeaseUntil: leaseExpiry() })
        .where(
          and(eq(smsMessage.organizationId, organizationId), eq(smsMessage.id, id), isNull(smsMessage.answeredAt)),
        ),
    ).catch(() => {
      // A missed renewal at worst lets a redelivery take over; the turn is idempotent.
    });
  }, RENEW_EVERY_MS);
  renew.unref();
  try {
    return await work();
  } finally {
    clearInterval(renew);
  }
}

/** Marks the inbound row answered (in the reply's transaction) and frees its lease. */
export async function markAnswered(tx: Transaction, organizationId: string, id: string) {
  await tx
    .update(smsMessage)
    .set({ answeredAt: sql`now()`, replyLeaseUntil: null })
    .where(and(eq(smsMessage.organizationId, organizationId), eq(smsMessage.id, id), isNull(smsMessage.answeredAt)));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export { POLL_MS };
