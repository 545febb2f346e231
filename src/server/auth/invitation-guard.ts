import { DomainError } from "@/lib/domain-error";
import { getPool } from "@/server/db/client";

/**
 * The check Better Auth runs before it creates an invitation (issue 20, item 11): the plan's member
 * limit. The limit is a billing rule, a layer above this one (eslint.layers.mjs), so billing
 * registers it here (src/server/billing/seat-guard.ts, imported by server.ts, the auth route and
 * the team router) instead of auth importing billing. The guard lives on globalThis because Next
 * bundles its routes apart from server.ts: one process, two copies of this module, one guard.
 *
 * Without a registered guard no invitation is created (fail closed): a process that forgot to
 * register must not hand out seats the plan does not have.
 */
export type InvitationGuard = (organizationId: string) => Promise<void>;

const KEY = Symbol.for("storage-agent.invitation-guard");
const slot = globalThis as typeof globalThis & { [KEY]?: InvitationGuard };

export function registerInvitationGuard(guard: InvitationGuard): void {
  slot[KEY] = guard;
}

/** Throws a DomainError (FORBIDDEN, naming the limit) when the organization may not invite anyone more. */
export async function checkInvitationAllowed(organizationId: string): Promise<void> {
  const guard = slot[KEY];
  if (!guard)
    throw new DomainError("PRECONDITION_FAILED", "Invitations are unavailable: the plan's member limit is not loaded.");
  await guard(organizationId);
}

/**
 * The check and Better Auth's insert are two statements on two connections, so two invitations at
 * once could both find the last seat free. beforeCreateInvitation takes this organization's advisory
 * lock (on a connection of its own, so it holds across processes) before the check, and
 * afterCreateInvitation releases it once the invitation is stored: the next invitation's check counts
 * it. A create that fails between the two (Better Auth's insert or its e-mail) runs no after hook, so
 * the lock is also released after HOLD_MS.
 */
const HOLD_MS = 15_000;
const held = new Map<string, () => Promise<void>>();

export async function lockInvitations(organizationId: string): Promise<void> {
  const client = await getPool().connect();
  const key = `invitation:${organizationId}`;
  try {
    await client.query("select pg_advisory_lock(hashtextextended($1, 0))", [key]);
  } catch (err) {
    client.release();
    throw err;
  }
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    clearTimeout(timer);
    if (held.get(organizationId) === release) held.delete(organizationId);
    await client
      .query("select pg_advisory_unlock(hashtextextended($1, 0))", [key])
      .then(() => client.release())
      .catch((err: Error) => client.release(err));
  };
  const timer = setTimeout(() => void release(), HOLD_MS);
  timer.unref();
  held.set(organizationId, release);
}

export async function unlockInvitations(organizationId: string): Promise<void> {
  await held.get(organizationId)?.();
}
