/**
 * The organization's own Stripe account (Stripe Connect, Standard accounts onboarded with Account
 * Links: docs/payments.md says why). Customers' money is charged on that account with the
 * `Stripe-Account` header (direct charges): it is the operator's, never ours, and our only share is
 * the plan's application fee. Stripe calls are made outside database transactions.
 */
import { and, count, eq, isNull } from "drizzle-orm";

import { recordAudit } from "@/server/audit";
import { getBillingState } from "@/server/billing/entitlements";
import { withOrg, type Executor } from "@/server/db/client";
import { organization, stripeConnectAccount } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { DomainError } from "@/server/domain/errors";
import { getStripe, isStripeApiError, stripeConfig, type Stripe } from "@/server/integrations/stripe";

export type ConnectAccountRow = typeof stripeConnectAccount.$inferSelect;

/** What the server lacks for customer payments: names of unset settings (empty: configured). */
export function paymentsMissing(): string[] {
  const c = stripeConfig();
  if (!c) return ["STRIPE_SECRET_KEY", "STRIPE_CONNECT_WEBHOOK_SECRET"];
  return c.connectWebhookSecret ? [] : ["STRIPE_CONNECT_WEBHOOK_SECRET"];
}

export const paymentsConfigured = () => paymentsMissing().length === 0;

export function requirePaymentsStripe(): Stripe {
  const missing = paymentsMissing();
  const stripe = getStripe();
  if (missing.length || !stripe)
    throw new DomainError(
      "PRECONDITION_FAILED",
      `Card payments are not configured on this server (set ${missing.join(" and ")}).`,
    );
  return stripe;
}

/** A Stripe API failure as the error every door knows; anything else is rethrown. */
export function upstream(err: unknown, what: string): never {
  if (isStripeApiError(err)) throw new DomainError("UPSTREAM_FAILURE", `Stripe refused to ${what}: ${err.message}`);
  throw err;
}

export async function currentConnectAccount(tx: Executor, organizationId: string) {
  const [row] = await tx
    .select()
    .from(stripeConnectAccount)
    .where(and(eq(stripeConnectAccount.organizationId, organizationId), isNull(stripeConnectAccount.disconnectedAt)));
  return row ?? null;
}

export interface ConnectState {
  configured: boolean;
  /** Settings the server lacks, by name (for the page to say what is missing). */
  missing: string[];
  account: {
    stripeAccountId: string;
    displayName: string | null;
    detailsSubmitted: boolean;
    chargesEnabled: boolean;
    payoutsEnabled: boolean;
    requirementsDue: string[];
    disabledReason: string | null;
    syncedAt: Date | null;
  } | null;
  /** Payment links can be made: configured, connected, and Stripe lets the account charge. */
  ready: boolean;
  /** The plan's fee on each payment, in basis points. */
  paymentFeeBps: number;
}

export async function getConnectState(tx: Executor, organizationId: string): Promise<ConnectState> {
  const missing = paymentsMissing();
  const row = await currentConnectAccount(tx, organizationId);
  const billing = await getBillingState(tx, organizationId);
  return {
    configured: missing.length === 0,
    missing,
    account: row
      ? {
          stripeAccountId: row.stripeAccountId,
          displayName: row.displayName,
          detailsSubmitted: row.detailsSubmitted,
          chargesEnabled: row.chargesEnabled,
          payoutsEnabled: row.payoutsEnabled,
          requirementsDue: row.requirementsDue,
          disabledReason: row.disabledReason,
          syncedAt: row.syncedAt,
        }
      : null,
    ready: missing.length === 0 && Boolean(row?.chargesEnabled),
    paymentFeeBps: billing.plan.paymentFeeBps,
  };
}

/** The account payments go to, or a clear refusal saying what is missing. */
export async function requireChargeableAccount(tx: Executor, organizationId: string): Promise<ConnectAccountRow> {
  requirePaymentsStripe();
  const row = await currentConnectAccount(tx, organizationId);
  if (!row)
    throw new DomainError("PRECONDITION_FAILED", "Connect a Stripe account in Settings > Payments to take payments.");
  if (!row.chargesEnabled)
    throw new DomainError(
      "PRECONDITION_FAILED",
      "The connected Stripe account cannot take charges yet: finish Stripe's onboarding in Settings > Payments.",
    );
  return row;
}

function accountFields(a: Stripe.Account) {
  return {
    detailsSubmitted: Boolean(a.details_submitted),
    chargesEnabled: Boolean(a.charges_enabled),
    payoutsEnabled: Boolean(a.payouts_enabled),
    requirementsDue: a.requirements?.currently_due ?? [],
    disabledReason: a.requirements?.disabled_reason ?? null,
    displayName: a.business_profile?.name ?? a.settings?.dashboard?.display_name ?? null,
    syncedAt: new Date(),
  };
}

/** Our copy of an account, rewritten from Stripe's (account.updated, "Refresh", the return from onboarding). */
export async function syncConnectAccount(tx: Executor, organizationId: string, a: Stripe.Account) {
  const [row] = await tx
    .update(stripeConnectAccount)
    .set(accountFields(a))
    .where(and(eq(stripeConnectAccount.organizationId, organizationId), eq(stripeConnectAccount.stripeAccountId, a.id)))
    .returning();
  return row ?? null;
}

/**
 * Starts or resumes onboarding: creates the organization's Standard account on first use (the
 * idempotency key makes two simultaneous clicks share one account) and returns a fresh Account Link.
 */
export async function startConnectOnboarding(
  organizationId: string,
  actor: Actor,
  urls: { returnUrl: string; refreshUrl: string },
): Promise<{ url: string; stripeAccountId: string }> {
  const stripe = requirePaymentsStripe();
  const { row, org, generation } = await withOrg(organizationId, async (tx) => {
    const [o] = await tx
      .select({ name: organization.name })
      .from(organization)
      .where(eq(organization.id, organizationId));
    const [n] = await tx
      .select({ n: count() })
      .from(stripeConnectAccount)
      .where(eq(stripeConnectAccount.organizationId, organizationId));
    return { row: await currentConnectAccount(tx, organizationId), org: o!, generation: n?.n ?? 0 };
  });
  let accountId = row?.stripeAccountId;
  if (!accountId) {
    let account: Stripe.Account;
    try {
      account = await stripe.accounts.create(
        {
          type: "standard",
          business_profile: { name: org.name },
          metadata: { organization_id: organizationId },
        },
        { idempotencyKey: `storage-agent-connect-${organizationId}-${generation}` },
      );
    } catch (err) {
      upstream(err, "create the Stripe account");
    }
    accountId = account.id;
    await withOrg(organizationId, async (tx) => {
      const inserted = await tx
        .insert(stripeConnectAccount)
        .values({ organizationId, stripeAccountId: account.id, connectedBy: actor.label, ...accountFields(account) })
        .onConflictDoNothing()
        .returning({ id: stripeConnectAccount.id });
      if (inserted.length)
        await recordAudit(tx, {
          organizationId,
          actor,
          action: "payments.account_connected",
          targetType: "stripe_account",
          targetId: account.id,
        });
    });
    // A concurrent click inserted first: use whichever account is current.
    accountId = (await withOrg(organizationId, (tx) => currentConnectAccount(tx, organizationId)))!.stripeAccountId;
  }
  try {
    const link = await stripe.accountLinks.create({
      account: accountId,
      type: "account_onboarding",
      return_url: urls.returnUrl,
      refresh_url: urls.refreshUrl,
    });
    return { url: link.url, stripeAccountId: accountId };
  } catch (err) {
    upstream(err, "start onboarding");
  }
}

/** Re-reads the account from Stripe (after onboarding, or "Refresh"). */
export async function refreshConnectAccount(organizationId: string) {
  const stripe = requirePaymentsStripe();
  const row = await withOrg(organizationId, (tx) => currentConnectAccount(tx, organizationId));
  if (!row) return null;
  let account: Stripe.Account;
  try {
    account = await stripe.accounts.retrieve(row.stripeAccountId);
  } catch (err) {
    upstream(err, "read the Stripe account");
  }
  return withOrg(organizationId, (tx) => syncConnectAccount(tx, organizationId, account));
}

/**
 * Stops taking payments on the account. A Standard account is the operator's own and stays theirs;
 * we forget it (the row is kept, marked disconnected, so late webhooks for its payments still find
 * the organization). Open payment links can no longer be paid: opening one says so.
 */
export async function disconnectConnectAccount(tx: Executor, organizationId: string, actor: Actor) {
  const [row] = await tx
    .update(stripeConnectAccount)
    .set({ disconnectedAt: new Date() })
    .where(and(eq(stripeConnectAccount.organizationId, organizationId), isNull(stripeConnectAccount.disconnectedAt)))
    .returning();
  if (!row) throw new DomainError("NOT_FOUND", "No Stripe account is connected.");
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "payments.account_disconnected",
    targetType: "stripe_account",
    targetId: row.stripeAccountId,
  });
  return { disconnected: row.stripeAccountId };
}
