import { DomainError } from "@/lib/domain-error";

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
