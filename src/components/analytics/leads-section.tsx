"use client";

import { SimpleGrid } from "@chakra-ui/react";

import { ErrorState, Loading } from "@/components/ui/states";
import { api } from "@/lib/trpc";
import type { AnalyticsFilter } from "@/server/analytics/filters";

import { formatCount, formatPercent, formatSeconds } from "./format";
import { DataTable, Section, StatCard } from "./parts";

const STOP_LABEL: Record<string, string> = {
  replied: "Replied",
  reserved: "Reserved",
  opted_out: "Opted out",
  lead_closed: "Lead closed",
  no_phone: "No phone",
  cancelled: "Cancelled",
  disabled: "Follow-ups off",
};

export function LeadsSection({ filter }: { filter: AnalyticsFilter }) {
  const leads = api.analytics.leads.useQuery(filter);
  const bookings = api.analytics.bookings.useQuery(filter);
  const followUps = api.analytics.followUps.useQuery(filter);
  const error = leads.error ?? bookings.error ?? followUps.error;
  if (error)
    return (
      <ErrorState
        error={error}
        onRetry={() => void Promise.all([leads.refetch(), bookings.refetch(), followUps.refetch()])}
      />
    );
  if (!leads.data || !bookings.data || !followUps.data) return <Loading label="Loading leads" />;
  const { current: l, previous: lp } = leads.data;
  const { current: b, previous: bp } = bookings.data;
  const f = followUps.data.current;
  return (
    <Section
      title="Leads, speed to lead and bookings"
      description="Leads by the day they came in. Answered live: captured in a conversation (0 s). Otherwise the first follow-up text or outbound call is the response."
    >
      <SimpleGrid columns={{ base: 2, md: 3, lg: 6 }} gap={3}>
        <StatCard
          label="New leads"
          value={formatCount(l.leads)}
          previous={formatCount(lp.leads)}
          current={l.leads}
          prevValue={lp.leads}
        />
        <StatCard
          label="Reservations made"
          value={formatCount(b.reservations)}
          previous={formatCount(bp.reservations)}
          current={b.reservations}
          prevValue={bp.reservations}
        />
        <StatCard
          label="Move-ins"
          value={formatCount(b.moveIns)}
          previous={formatCount(bp.moveIns)}
          current={b.moveIns}
          prevValue={bp.moveIns}
        />
        <StatCard
          label="Answered within 5 min"
          value={formatPercent(l.speed.within5m)}
          previous={formatPercent(lp.speed.within5m)}
          current={l.speed.within5m}
          prevValue={lp.speed.within5m}
        />
        <StatCard
          label="Average later response"
          value={formatSeconds(l.speed.averageResponseSeconds)}
          previous={formatSeconds(lp.speed.averageResponseSeconds)}
        />
        <StatCard
          label="Not contacted"
          value={formatCount(l.speed.notContacted)}
          previous={formatCount(lp.speed.notContacted)}
        />
      </SimpleGrid>
      <SimpleGrid columns={{ base: 1, lg: 2 }} gap={4}>
        <DataTable
          caption="Leads by source"
          head={["Source", "Leads", "Reserved", "Moved in", "Reserved share"]}
          numeric={[1, 2, 3, 4]}
          rows={l.bySource.map((r) => [
            r.label,
            formatCount(r.leads),
            formatCount(r.reserved),
            formatCount(r.movedIn),
            formatPercent(r.leads ? r.reserved / r.leads : null),
          ])}
        />
        <DataTable
          caption="Follow-up results"
          head={["Follow-ups", "Sequences"]}
          numeric={[1]}
          rows={[
            ["Started", formatCount(f.sequences)],
            ["Still running", formatCount(f.active)],
            ["Finished without reply", formatCount(f.completed)],
            ...Object.entries(f.stopped).map(([k, v]) => [STOP_LABEL[k] ?? k, formatCount(v)]),
            ["Texts sent", formatCount(f.textsSent)],
            ["Reply rate", formatPercent(f.replyRate)],
          ]}
        />
      </SimpleGrid>
      <DataTable
        caption="Leads and bookings by facility"
        head={["Facility", "Leads", "Reservations made", "Move-ins"]}
        numeric={[1, 2, 3]}
        rows={mergeFacilities(l.byFacility, b.byFacility).map((r) => [
          r.label,
          formatCount(r.leads),
          formatCount(r.reservations),
          formatCount(r.moveIns),
        ])}
      />
    </Section>
  );
}

function mergeFacilities(
  leads: { key: string; label: string; leads: number }[],
  bookings: { key: string; label: string; reservations: number; moveIns: number }[],
) {
  const out = new Map<string, { label: string; leads: number; reservations: number; moveIns: number }>();
  for (const l of leads) out.set(l.key, { label: l.label, leads: l.leads, reservations: 0, moveIns: 0 });
  for (const b of bookings)
    out.set(b.key, {
      ...(out.get(b.key) ?? { label: b.label, leads: 0 }),
      reservations: b.reservations,
      moveIns: b.moveIns,
    });
  return [...out.values()].sort((a, b) => b.leads - a.leads || a.label.localeCompare(b.label));
}
