import { and, eq } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import { smsOptOut } from "@/server/db/schema";

/**
 * SMS consent per organization and phone. A row means "opted out": nothing may be sent to that
 * phone from this organization until it texts START (or UNSTOP/YES). Twilio blocks such sends on
 * long codes too; we keep our own record so we refuse before calling Twilio, and in outbox mode.
 */
export async function isOptedOut(tx: Executor, organizationId: string, phone: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: smsOptOut.id })
    .from(smsOptOut)
    .where(and(eq(smsOptOut.organizationId, organizationId), eq(smsOptOut.phone, phone)));
  return Boolean(row);
}

export async function optOut(tx: Executor, organizationId: string, phone: string, keyword: string) {
  await tx
    .insert(smsOptOut)
    .values({ organizationId, phone, keyword })
    .onConflictDoNothing({ target: [smsOptOut.organizationId, smsOptOut.phone] });
}

export async function optIn(tx: Executor, organizationId: string, phone: string) {
  await tx.delete(smsOptOut).where(and(eq(smsOptOut.organizationId, organizationId), eq(smsOptOut.phone, phone)));
}
