"use client";

import { Alert, Button } from "@chakra-ui/react";
import NextLink from "next/link";

import { useOrg } from "@/components/dashboard/org-context";
import { api } from "@/lib/trpc";
import type { BillingNotice } from "@/server/billing/billing-state";
import { useTimeZone } from "@/components/dashboard/org-context";

const day = (d: Date, timeZone: string) =>
  new Date(d).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone });

/**
 * The billing banner: payment overdue (with the grace period's end), service limited after it, the
 * subscription ended or the trial over. Trials that are still running show nothing here.
 */
export function PastDueBanner({
  notice,
  canManageBilling,
  billingHref,
}: {
  notice: BillingNotice | null;
  canManageBilling: boolean;
  billingHref?: string;
}) {
  const timeZone = useTimeZone();
  if (!notice || notice.kind === "trial") return null;
  const content = {
    past_due: {
      status: "warning" as const,
      title: "Your last payment failed",
      body:
        notice.kind === "past_due" && notice.graceEndsAt
          ? `Update the payment method by ${day(notice.graceEndsAt, timeZone)} to keep the agent booking reservations.`
          : "Update the payment method to keep the agent booking reservations.",
    },
    suspended: {
      status: "error" as const,
      title: "Reservations are paused",
      body: "Payment is overdue and the grace period has ended. The agent still answers and takes messages.",
    },
    canceled: {
      status: "error" as const,
      title: "Your subscription has ended",
      body: "The agent still answers and takes messages but no longer books. Your data stays available.",
    },
    trial_ended: {
      status: "warning" as const,
      title: "Your free trial has ended",
      body: "Choose a plan so the agent can take reservations again.",
    },
  }[notice.kind];
  return (
    <Alert.Root status={content.status} role="alert">
      <Alert.Indicator />
      <Alert.Content>
        <Alert.Title>{content.title}</Alert.Title>
        <Alert.Description>
          {content.body} {canManageBilling ? "" : "Ask an owner or admin to update billing."}
        </Alert.Description>
      </Alert.Content>
      {canManageBilling && billingHref ? (
        <Button asChild size="sm" variant="outline">
          <NextLink href={billingHref}>Open billing</NextLink>
        </Button>
      ) : null}
    </Alert.Root>
  );
}

/** Self-loading banner for the dashboard shell: every member sees it; owners and admins get a link. */
export function BillingNoticeBanner() {
  const org = useOrg();
  const q = api.billing.notice.useQuery(undefined, { staleTime: 60_000 });
  if (!q.data) return null;
  return (
    <PastDueBanner
      notice={q.data.notice}
      canManageBilling={q.data.canManageBilling}
      billingHref={org.href("/settings/billing")}
    />
  );
}
