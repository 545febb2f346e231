import { and, eq, sql } from "drizzle-orm";

import { db, type Transaction } from "@/server/db/client";
import { user } from "@/server/db/schema";

/**
 * The Overview's "get set up" checklist: each step is done when the organization's own data says so
 * (not when someone ticks it), so a step finished anywhere (the import, the CLI, another member) is
 * ticked, and the checklist disappears once every step is done.
 */
export const SETUP_STEPS = [
  "facility",
  "units",
  "phone_number",
  "transfer_number",
  "test_call",
  "team",
  "two_factor",
] as const;
export type SetupStep = (typeof SETUP_STEPS)[number];

export interface SetupProgress {
  steps: { key: SetupStep; done: boolean }[];
  done: number;
  total: number;
  complete: boolean;
}

export async function setupProgress(tx: Transaction, organizationId: string, userId: string): Promise<SetupProgress> {
  // One round trip: each flag an EXISTS on an indexed, organization-scoped table (RLS applies too).
  const [row] = (
    await tx.execute<Record<Exclude<SetupStep, "two_factor">, boolean>>(sql`
      select
        exists (select 1 from facility where organization_id = ${organizationId}) as facility,
        exists (select 1 from unit where organization_id = ${organizationId}) as units,
        exists (select 1 from phone_number where organization_id = ${organizationId} and status = 'active') as phone_number,
        exists (select 1 from facility where organization_id = ${organizationId} and transfer_phone is not null) as transfer_number,
        exists (select 1 from conversation where organization_id = ${organizationId} and channel in ('voice', 'sms', 'playground')) as test_call,
        (exists (select 1 from member where organization_id = ${organizationId} and user_id <> ${userId})
          or exists (select 1 from invitation where organization_id = ${organizationId} and status = 'pending')) as team`)
  ).rows;
  // The signed-in member's own second factor (the session's copy may predate turning it on).
  const [me] = await db
    .select({ on: user.twoFactorEnabled })
    .from(user)
    .where(and(eq(user.id, userId)));
  const flags: Record<SetupStep, boolean> = { ...row!, two_factor: Boolean(me?.on) };
  const steps = SETUP_STEPS.map((key) => ({ key, done: Boolean(flags[key]) }));
  const done = steps.filter((s) => s.done).length;
  return { steps, done, total: steps.length, complete: done === steps.length };
}
