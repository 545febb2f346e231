"use client";

import type { inferRouterOutputs } from "@trpc/server";
import { Badge, Box, Button, Card, Flex, Grid, HStack, Progress, Stack, Text } from "@chakra-ui/react";
import { useEffect, useState } from "react";

import { useOrg } from "@/components/dashboard/org-context";
import { ErrorState, FormError, Loading, Notice, PageHeader } from "@/components/ui/states";
import { api } from "@/lib/trpc";
import type { AppRouter } from "@/server/api/root";

import { PastDueBanner } from "./past-due-banner";
import { When } from "@/components/ui/when";

type Status = inferRouterOutputs<AppRouter>["billing"]["status"];
type Interval = "month" | "year";

const STATUS_LABEL: Record<Status["status"], { label: string; palette: string }> = {
  trialing: { label: "Trial", palette: "blue" },
  active: { label: "Active", palette: "green" },
  past_due: { label: "Payment overdue", palette: "orange" },
  canceled: { label: "Canceled", palette: "red" },
  incomplete: { label: "Payment pending", palette: "orange" },
  none: { label: "No plan yet", palette: "gray" },
};

const dollars = (cents: number) =>
  `$${(cents / 100).toLocaleString("en-US", { minimumFractionDigits: cents % 100 ? 2 : 0 })}`;
const limitText = (n: number | null) => (n === null ? "Unlimited" : n.toLocaleString());

function Meter({ label, used, limit, unit }: { label: string; used: number; limit: number | null; unit?: string }) {
  const over = limit !== null && used > limit;
  return (
    <Box>
      <Flex justify="space-between" fontSize="sm" mb={1}>
        <Text fontWeight="medium">{label}</Text>
        <Text color={over ? "orange.fg" : "fg.muted"}>
          {used.toLocaleString()} / {limitText(limit)}
          {unit ? ` ${unit}` : ""}
        </Text>
      </Flex>
      {limit !== null ? (
        <Progress.Root
          value={Math.min(used, limit)}
          max={Math.max(limit, 1)}
          size="sm"
          colorPalette={over ? "orange" : "blue"}
          aria-label={`${label} used`}
        >
          <Progress.Track>
            <Progress.Range />
          </Progress.Track>
        </Progress.Root>
      ) : null}
    </Box>
  );
}

function UsageCard({ status }: { status: Status }) {
  const u = status.usage;
  return (
    <Card.Root>
      <Card.Body>
        <Stack gap={4}>
          <Box>
            <Text fontWeight="semibold">Usage this period</Text>
            <Text fontSize="sm" color="fg.muted">
              <When at={u.periodStart} show="date" fallback="—" /> to <When at={u.periodEnd} show="date" fallback="—" />
            </Text>
          </Box>
          <Meter label="Call minutes" used={u.callMinutes.used} limit={u.callMinutes.included} unit="min" />
          {u.callMinutes.included !== null && u.callMinutes.used > u.callMinutes.included ? (
            <Text fontSize="sm" color="fg.muted">
              Minutes beyond the allowance are billed at {dollars(status.plan.overageCentsPerMinute)} a minute.
            </Text>
          ) : null}
          <Meter label="Messages" used={u.messages.used} limit={u.messages.included} />
          <Meter label="Facilities" used={u.resources.facilities.used} limit={u.resources.facilities.limit} />
          <Meter label="Phone numbers" used={u.resources.phone_numbers.used} limit={u.resources.phone_numbers.limit} />
          <Meter
            label="Team members (incl. pending invitations)"
            used={u.resources.members.used}
            limit={u.resources.members.limit}
          />
        </Stack>
      </Card.Body>
    </Card.Root>
  );
}

function PlanPicker({ status }: { status: Status }) {
  const [interval, setInterval] = useState<Interval>("month");
  const checkout = api.billing.checkout.useMutation({ onSuccess: ({ url }) => window.location.assign(url) });
  const anyYearly = status.plans.some((p) => p.available.year);
  return (
    <Stack gap={3}>
      <Flex justify="space-between" align="center" wrap="wrap" gap={2}>
        <Text fontWeight="semibold">{status.status === "canceled" ? "Choose a plan to resume" : "Choose a plan"}</Text>
        {anyYearly ? (
          <HStack gap={1} role="group" aria-label="Billing interval">
            {(["month", "year"] as const).map((i) => (
              <Button
                key={i}
                size="xs"
                variant={interval === i ? "solid" : "outline"}
                aria-pressed={interval === i}
                onClick={() => setInterval(i)}
              >
                {i === "month" ? "Monthly" : "Yearly"}
              </Button>
            ))}
          </HStack>
        ) : null}
      </Flex>
      <FormError message={checkout.error?.message ?? null} />
      <Grid templateColumns={{ base: "1fr", md: "repeat(3, 1fr)" }} gap={3}>
        {status.plans.map((p) => {
          const available = p.available[interval];
          return (
            <Card.Root key={p.id} variant="outline">
              <Card.Body>
                <Stack gap={2}>
                  <Text fontWeight="semibold">{p.name}</Text>
                  {p.displayCents ? (
                    <Text fontSize="xl">
                      {dollars(p.displayCents[interval])}
                      <Text as="span" fontSize="sm" color="fg.muted">
                        {" "}
                        / {interval}
                      </Text>
                    </Text>
                  ) : null}
                  <Text fontSize="sm" color="fg.muted">
                    {p.description}
                  </Text>
                  <Text fontSize="sm">
                    {limitText(p.limits.facilities)} facilities · {limitText(p.limits.phone_numbers)} numbers ·{" "}
                    {limitText(p.limits.members)} members · {limitText(p.limits.includedCallMinutes)} call minutes
                  </Text>
                  <Button
                    colorPalette="blue"
                    disabled={!available || checkout.isPending}
                    loading={checkout.isPending && checkout.variables?.plan === p.id}
                    onClick={() => checkout.mutate({ plan: p.id, interval })}
                  >
                    {available ? `Choose ${p.name}` : "Not available"}
                  </Button>
                </Stack>
              </Card.Body>
            </Card.Root>
          );
        })}
      </Grid>
      {status.status === "none" && status.trialEnd ? (
        <Text fontSize="sm" color="fg.muted">
          Your free trial runs until <When at={status.trialEnd} show="date" fallback="—" />; subscribing now keeps the
          remaining trial days.
        </Text>
      ) : null}
    </Stack>
  );
}

function PlanCard({ status }: { status: Status }) {
  const portal = api.billing.portal.useMutation({ onSuccess: ({ url }) => window.location.assign(url) });
  const badge = STATUS_LABEL[status.status];
  return (
    <Card.Root>
      <Card.Body>
        <Stack gap={3}>
          <Flex justify="space-between" align="center" wrap="wrap" gap={2}>
            <HStack>
              <Text fontSize="lg" fontWeight="semibold">
                {status.plan.name} plan
              </Text>
              {status.configured ? <Badge colorPalette={badge.palette}>{badge.label}</Badge> : null}
            </HStack>
            {status.canManage ? (
              <Button variant="outline" onClick={() => portal.mutate()} loading={portal.isPending}>
                Manage billing
              </Button>
            ) : null}
          </Flex>
          <FormError message={portal.error?.message ?? null} />
          <Text color="fg.muted">{status.plan.description}</Text>
          {status.hasSubscription ? (
            <Stack gap={1} fontSize="sm">
              {status.status === "trialing" && status.trialEnd ? (
                <Text>
                  Trial ends <When at={status.trialEnd} show="date" fallback="—" />.
                </Text>
              ) : null}
              {status.currentPeriodEnd && status.status !== "canceled" ? (
                <Text>
                  Current period ends <When at={status.currentPeriodEnd} show="date" fallback="—" />.
                </Text>
              ) : null}
              {status.cancelAt && status.status !== "canceled" ? (
                <Text>
                  Cancels on <When at={status.cancelAt} show="date" fallback="—" />.
                </Text>
              ) : null}
              {status.interval ? <Text>Billed {status.interval === "month" ? "monthly" : "yearly"}.</Text> : null}
            </Stack>
          ) : null}
          {!status.canBook ? (
            <Text fontSize="sm" color="orange.fg">
              The agent still answers and takes messages, but it is not making reservations. Your data stays available
              to read and export.
            </Text>
          ) : null}
        </Stack>
      </Card.Body>
    </Card.Root>
  );
}

/** Settings > Billing: plan, status, usage against the allowance, Checkout and the Stripe portal. */
export function BillingSettings() {
  const org = useOrg();
  const isAdmin = org.can("admin");
  const [returned, setReturned] = useState<"success" | "cancelled" | null>(null);
  useEffect(() => {
    const v = new URLSearchParams(window.location.search).get("checkout");
    // Reading the URL once after mount (not during render) keeps server and client markup equal.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (v === "success" || v === "cancelled") setReturned(v);
  }, []);
  const status = api.billing.status.useQuery(undefined, {
    enabled: isAdmin,
    // Back from Checkout, the webhook may land a moment after the redirect: poll until it has.
    refetchInterval: (q) => (returned === "success" && !q.state.data?.hasSubscription ? 2000 : false),
  });

  return (
    <Box>
      <PageHeader title="Billing" description="Your plan, usage and invoices." />
      {!isAdmin ? (
        <Notice title="Only owners and admins can see billing">
          Ask an owner or admin of {org.name} to change the plan.
        </Notice>
      ) : status.isLoading ? (
        <Loading label="Loading billing" />
      ) : status.error ? (
        <ErrorState error={status.error} onRetry={() => void status.refetch()} />
      ) : status.data ? (
        <Stack gap={5}>
          {!status.data.configured ? (
            <Notice title="Billing is not configured on this server">
              Stripe keys are not set, so every organization has the unlimited plan. See docs/billing.md to connect
              Stripe.
            </Notice>
          ) : null}
          {returned === "success" ? (
            <Notice
              status="success"
              title={
                status.data.hasSubscription
                  ? "Thank you: your subscription is active."
                  : "Payment received: confirming with Stripe…"
              }
            />
          ) : returned === "cancelled" ? (
            <Notice title="Checkout was cancelled; nothing was charged." />
          ) : null}
          <PastDueBanner notice={status.data.notice} canManageBilling />
          <PlanCard status={status.data} />
          {status.data.configured && (!status.data.hasSubscription || status.data.status === "canceled") ? (
            <PlanPicker status={status.data} />
          ) : null}
          <UsageCard status={status.data} />
        </Stack>
      ) : null}
    </Box>
  );
}
