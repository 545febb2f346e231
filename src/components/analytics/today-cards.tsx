"use client";

import { Link, SimpleGrid } from "@chakra-ui/react";
import NextLink from "next/link";

import { useOrg } from "@/components/dashboard/org-context";
import { ErrorState, Loading } from "@/components/ui/states";
import { api } from "@/lib/trpc";

import { formatCount, formatPercent } from "./format";
import { StatCard } from "./parts";

/**
 * The Overview's cards: today's figures (metrics.overview), each linking to the list behind it.
 * Yesterday's figure is shown without a change: today is not over, so a percentage would mislead.
 */
export function TodayCards() {
  const org = useOrg();
  const q = api.analytics.overview.useQuery(undefined, { refetchInterval: 30_000 });
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <Loading label="Loading today's figures" />;
  const o = q.data;
  const link = (path: string, text: string) => (
    <Link asChild fontSize="sm" colorPalette="blue">
      <NextLink href={org.href(path)}>{text}</NextLink>
    </Link>
  );
  return (
    <SimpleGrid columns={{ base: 2, md: 3, xl: 6 }} gap={3} aria-label={`Today, ${o.today}`}>
      <StatCard
        label="Today's calls"
        value={formatCount(o.calls.today)}
        previous={formatCount(o.calls.yesterday)}
        hint="yesterday"
        href={link("/calls", "See calls")}
      />
      <StatCard label="Live now" value={formatCount(o.liveCalls)} href={link("/calls", "Watch live")} />
      <StatCard
        label="New leads"
        value={formatCount(o.newLeads.today)}
        previous={formatCount(o.newLeads.yesterday)}
        hint="yesterday"
        href={link("/leads", "See leads")}
      />
      <StatCard
        label="Reservations"
        value={formatCount(o.reservations.today)}
        previous={formatCount(o.reservations.yesterday)}
        hint="yesterday"
        href={link("/reservations", "See reservations")}
      />
      <StatCard
        label="Move-ins"
        value={formatCount(o.moveIns.today)}
        previous={formatCount(o.moveIns.yesterday)}
        hint="yesterday"
        href={link("/reservations", "See move-ins")}
      />
      <StatCard
        label="Occupancy"
        value={formatPercent(o.occupancy.rate)}
        previous={formatPercent(o.occupancy.yesterdayRate)}
        hint={`${formatCount(o.occupancy.occupiedUnits)} of ${formatCount(o.occupancy.units)} units · yesterday`}
        href={link("/facilities", "See facilities")}
      />
    </SimpleGrid>
  );
}
