"use client";

import { SimpleGrid } from "@chakra-ui/react";

import { ErrorState, Loading } from "@/components/ui/states";
import { api } from "@/lib/trpc";
import type { AnalyticsFilter } from "@/server/analytics/filters";
import type { PaymentChannel } from "@/server/analytics/metrics";

import { formatCount, formatMoney, formatPercent } from "./format";
import { DataTable, Section, StatCard } from "./parts";

const CHANNEL_LABELS: Record<PaymentChannel, string> = {
  phone: "By phone",
  link_agent: "Link from the agent",
  link_dashboard: "Link from staff",
  link_collections: "Collections link",
  link_api: "Link via the API",
  desk: "Recorded by staff",
  pms: "PMS or import",
};

const oneDecimal = (v: number | null, unit: string) => (v === null ? "–" : `${v.toFixed(1)} ${unit}`);

/** Renter payments: collected, refunded, success rate, how they came in, pay links, collections, owed now. */
export function PaymentsSection({ filter }: { filter: AnalyticsFilter }) {
  const q = api.analytics.payments.useQuery({ from: filter.from, to: filter.to, facilityId: filter.facilityId });
  const owed = api.analytics.outstanding.useQuery({ facilityId: filter.facilityId });
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Loading label="Loading payments" />;
  const { current: c, previous: p } = q.data;
  const o = owed.data;
  return (
    <Section
      title="Payments"
      description="Money tenants paid in the period (net of refunds), how it came in, pay links sent and paid, and collections. Owed and past due are as of now."
    >
      <SimpleGrid columns={{ base: 2, md: 3, lg: 4 }} gap={3}>
        <StatCard
          label="Payments collected"
          value={formatMoney(c.collectedCents)}
          previous={formatMoney(p.collectedCents)}
          current={c.collectedCents}
          prevValue={p.collectedCents}
        />
        <StatCard
          label="Refunded"
          value={formatMoney(c.refundedCents)}
          previous={formatMoney(p.refundedCents)}
          current={c.refundedCents}
          prevValue={p.refundedCents}
        />
        <StatCard
          label="Payment success rate"
          value={formatPercent(c.successRate)}
          previous={formatPercent(p.successRate)}
          current={c.successRate}
          prevValue={p.successRate}
          hint={`${formatCount(c.payments)} paid, ${formatCount(c.failed)} failed`}
        />
        <StatCard
          label="Pay-link conversion"
          value={formatPercent(c.links.conversion)}
          previous={formatPercent(p.links.conversion)}
          current={c.links.conversion}
          prevValue={p.links.conversion}
          hint={`${formatCount(c.links.paid)} of ${formatCount(c.links.created)} links paid, ${oneDecimal(c.links.averageHoursToPay, "h")} on average`}
        />
        <StatCard
          label="Days to pay (collections)"
          value={oneDecimal(c.collections.averageDaysToPay, "days")}
          previous={oneDecimal(p.collections.averageDaysToPay, "days")}
          hint={`${formatCount(c.collections.paid)} of ${formatCount(c.collections.opened)} past-due tenants paid; ${formatCount(c.collections.textsSent)} texted`}
        />
        <StatCard
          label="Owed now"
          value={o ? formatMoney(o.owedCents) : "…"}
          hint={o ? `${formatCount(o.tenantsOwing)} tenants` : undefined}
        />
        <StatCard
          label="Past due now"
          value={o ? formatMoney(o.pastDueCents) : "…"}
          hint={o ? `${formatCount(o.tenantsPastDue)} tenants in collections` : undefined}
        />
      </SimpleGrid>
      <DataTable
        caption="Payments by channel"
        head={["How", "Payments", "Collected", "Previous period"]}
        numeric={[1, 2, 3]}
        rows={c.byChannel.map((r, i) => [
          CHANNEL_LABELS[r.channel],
          formatCount(r.payments),
          formatMoney(r.collectedCents),
          formatMoney(p.byChannel[i]?.collectedCents ?? 0),
        ])}
      />
    </Section>
  );
}
