/**
 * Entitlements: what an organization's plan allows, enforced on the server. Other areas call these:
 *
 *   assertCanAdd(tx, organizationId, "facilities" | "phone_numbers" | "members")
 *       before inserting a facility, provisioning or attaching a number, or inviting a member,
 *       in the same transaction as the insert. Throws a DomainError (FORBIDDEN) that names the limit
 *       and the upgrade path.
 *   canBook(organizationId)  before the agent (or the dashboard) creates a reservation. False after
 *       cancellation or once a past-due grace period has run out: the agent then takes a message.
 *   getBillingState(executor, organizationId)  the whole picture, for banners and pages.
 */
import { and, count, eq, gt, sql } from "drizzle-orm";

import { db, type Executor } from "@/server/db/client";
import { configVersionOf, OrgConfigCache } from "@/server/db/org-config-cache";
import { billingSubscription, facility, invitation, member, organization, phoneNumber } from "@/server/db/schema";
import { isStripeConfigured } from "@/server/integrations/stripe";

import { deriveBillingState, type BillingState } from "./billing-state";
import { PAID_PLAN_IDS, PLANS, type LimitedResource } from "./plans";
import { DomainError } from "@/server/domain/errors";

export type { BillingState } from "./billing-state";

/** The organization's billing state now. Works with `db` or a tenant transaction. */
export async function getBillingState(ex: Executor, organizationId: string, now = new Date()): Promise<BillingState> {
  const org = await loadBillingInputs(ex, organizationId);
  return deriveBillingState({
    configured: isStripeConfigured(),
    row: org.subscription ?? null,
    organizationCreatedAt: org.createdAt,
    now,
  });
}

/** One round trip: the organization with its subscription row, if it has one. */
async function loadBillingInputs(ex: Executor, organizationId: string) {
  const [org] = await ex
    .select({ createdAt: organization.createdAt, subscription: billingSubscription })
    .from(organization)
    .leftJoin(billingSubscription, eq(billingSubscription.organizationId, organization.id))
    .where(eq(organization.id, organizationId));
  if (!org) throw new DomainError("NOT_FOUND", "No such organization.");
  return org;
}

const billingInputs = new OrgConfigCache();

/**
 * canBook for an agent turn (`turn` is its transaction, which has read the organization's config
 * version): the subscription row is cached for that version (billing_subscription changes bump it,
 * migration 0027), so a booking pays no query for it; the state itself is derived now, so a grace
 * period that runs out mid-call counts at once.
 */
export async function canBookInTurn(turn: Executor, organizationId: string, now = new Date()): Promise<boolean> {
  const version = configVersionOf(turn, organizationId);
  if (!version) return canBook(organizationId);
  const org = await billingInputs.get(organizationId, "billing", version, () => loadBillingInputs(db, organizationId));
  return deriveBillingState({
    configured: isStripeConfigured(),
    row: org.subscription ?? null,
    organizationCreatedAt: org.createdAt,
    now,
  }).canBook;
}

/** How many of `resource` the organization has now, as counted against its plan. */
export async function countResource(
  ex: Executor,
  organizationId: string,
  resource: LimitedResource,
  now = new Date(),
): Promise<number> {
  switch (resource) {
    case "facilities": {
      // Deactivated facilities keep their history but no longer take calls, so they do not count.
      const [r] = await ex
        .select({ n: count() })
        .from(facility)
        .where(and(eq(facility.organizationId, organizationId), eq(facility.active, true)));
      return r?.n ?? 0;
    }
    case "phone_numbers": {
      const [r] = await ex
        .select({ n: count() })
        .from(phoneNumber)
        .where(and(eq(phoneNumber.organizationId, organizationId), eq(phoneNumber.status, "active")));
      return r?.n ?? 0;
    }
    case "members": {
      // Pending invitations hold a seat: otherwise ten invitations could be sent on a five-seat plan.
      const [m] = await ex.select({ n: count() }).from(member).where(eq(member.organizationId, organizationId));
      const [i] = await ex
        .select({ n: count() })
        .from(invitation)
        .where(
          and(
            eq(invitation.organizationId, organizationId),
            eq(invitation.status, "pending"),
            gt(invitation.expiresAt, now),
          ),
        );
      return (m?.n ?? 0) + (i?.n ?? 0);
    }
  }
}

const LABEL: Record<LimitedResource, { one: string; many: string }> = {
  facilities: { one: "facility", many: "facilities" },
  phone_numbers: { one: "phone number", many: "phone numbers" },
  members: { one: "team member", many: "team members" },
};

const UPGRADE_PATH = "Owners and admins can change the plan in Settings > Billing.";

/** The cheapest paid plan that allows `needed` of `resource`, to name in the refusal. */
function upgradeFor(resource: LimitedResource, needed: number) {
  return PAID_PLAN_IDS.map((id) => PLANS[id]).find((p) => {
    const limit = p.limits[resource];
    return limit === null || limit >= needed;
  });
}

/**
 * Refuses (DomainError FORBIDDEN) unless the organization may add `adding` more of `resource`.
 * Call it inside the transaction that inserts, so the count and the insert see the same rows and
 * concurrent adds are serialised.
 */
export async function assertCanAdd(
  tx: Executor,
  organizationId: string,
  resource: LimitedResource,
  adding = 1,
): Promise<void> {
  // Two requests adding at once would both count N and both insert; this lock (held until the
  // caller's transaction ends) makes the second wait and count the first one's row.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`billing-limit:${organizationId}:${resource}`}))`);
  const state = await getBillingState(tx, organizationId);
  const label = LABEL[resource];
  if (!state.canGrow) {
    const why =
      state.notice?.kind === "trial_ended"
        ? "Your free trial has ended."
        : state.notice?.kind === "suspended"
          ? "Your last payment failed and the grace period is over."
          : "Your subscription has ended.";
    throw new DomainError(
      "FORBIDDEN",
      `${why} Choose a plan to add ${label.many} again; your existing data stays available. ${UPGRADE_PATH}`,
    );
  }
  const limit = state.plan.limits[resource];
  if (limit === null) return;
  const current = await countResource(tx, organizationId, resource);
  if (current + adding <= limit) return;
  const next = upgradeFor(resource, current + adding);
  const suggestion =
    next && next.id !== state.plan.id
      ? ` Upgrade to ${next.name} for up to ${next.limits[resource] ?? "unlimited"}.`
      : "";
  throw new DomainError(
    "FORBIDDEN",
    `Your ${state.plan.name} plan includes ${limit} ${limit === 1 ? label.one : label.many} and you have ${current}.${suggestion} ${UPGRADE_PATH}`,
  );
}

/**
 * Whether the agent may book for this organization. After cancellation (or a lapsed grace period)
 * it still answers and takes messages, but hands reservations to a person instead.
 */
export async function canBook(organizationId: string, ex: Executor = db): Promise<boolean> {
  return (await getBillingState(ex, organizationId)).canBook;
}
