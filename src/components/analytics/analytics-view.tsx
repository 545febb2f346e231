"use client";

import { Button, HStack, Input, Stack, Text, Wrap } from "@chakra-ui/react";
import { useState } from "react";

import { FacilitySelect, LabeledSelect } from "@/components/ui/labeled-select";
import { ErrorState, Loading, PageHeader } from "@/components/ui/states";
import { DataLoaded } from "@/components/ui/data-loaded";
import { api } from "@/lib/trpc";
import type { AnalyticsChannel, AnalyticsFilter } from "@/server/analytics/filters";
import { previousPeriod } from "@/lib/dates";

import { PRESET_LABEL, PRESETS, rangeOf, type Preset } from "./date-range";
import { FunnelSection, OutcomesSection } from "./funnel-section";
import { LeadsSection } from "./leads-section";
import { OccupancySection } from "./occupancy-section";
import { PaymentsSection } from "./payments-section";
import { QualitySection } from "./quality-section";
import { VolumeSection } from "./volume-section";

const CHANNELS: [AnalyticsChannel | "", string][] = [
  ["", "All channels"],
  ["voice", "Calls"],
  ["sms", "Texts"],
  ["chat", "Web chat"],
];

export function AnalyticsView() {
  const today = api.analytics.today.useQuery();
  const facilities = api.facilities.list.useQuery();
  const [preset, setPreset] = useState<Preset>("30d");
  const [custom, setCustom] = useState<{ from: string; to: string }>({ from: "", to: "" });
  const [facilityId, setFacilityId] = useState("");
  const [channel, setChannel] = useState<AnalyticsChannel | "">("");

  if (today.error) return <ErrorState error={today.error} onRetry={() => void today.refetch()} />;
  if (!today.data) return <Loading label="Loading analytics" />;
  const range = preset === "custom" ? custom : rangeOf(preset, today.data.today);
  const valid =
    /^\d{4}-\d{2}-\d{2}$/.test(range.from) && /^\d{4}-\d{2}-\d{2}$/.test(range.to) && range.from <= range.to;
  const filter: AnalyticsFilter = { ...range, facilityId: facilityId || null, channel: channel || null };
  const params = new URLSearchParams({
    from: range.from,
    to: range.to,
    ...(facilityId ? { facilityId } : {}),
    ...(channel ? { channel } : {}),
  });

  const choosePreset = (p: Preset) => {
    // Custom starts from the range on screen, so the dates can be nudged rather than typed.
    if (p === "custom" && preset !== "custom") setCustom(range);
    setPreset(p);
  };

  return (
    <Stack gap={6}>
      <PageHeader
        title="Analytics"
        description={`What the agent brings in. Dates are each facility's local days (${today.data.timeZone} for the organization).`}
        actions={
          valid ? (
            <Button asChild variant="outline" size="sm">
              <a href={`/api/analytics/export.csv?${params.toString()}`} download>
                Download CSV
              </a>
            </Button>
          ) : null
        }
      />
      <Wrap gap={4} align="flex-end">
        <LabeledSelect label="Date range" value={preset} onChange={(v) => choosePreset(v as Preset)} width="44">
          {PRESETS.map((p) => (
            <option key={p} value={p}>
              {PRESET_LABEL[p]}
            </option>
          ))}
        </LabeledSelect>
        {preset === "custom" ? (
          <HStack align="flex-end">
            <label>
              <Text fontSize="sm" fontWeight="medium" mb={1.5}>
                From
              </Text>
              <Input
                size="sm"
                type="date"
                aria-label="From"
                value={custom.from}
                max={custom.to || undefined}
                onChange={(e) => {
                  // Read now: React clears the event's currentTarget before a queued updater runs.
                  const fromDate = e.currentTarget.value;
                  setCustom((c) => ({ ...c, from: fromDate }));
                }}
              />
            </label>
            <label>
              <Text fontSize="sm" fontWeight="medium" mb={1.5}>
                To
              </Text>
              <Input
                size="sm"
                type="date"
                aria-label="To"
                value={custom.to}
                min={custom.from || undefined}
                onChange={(e) => {
                  // Read now: React clears the event's currentTarget before a queued updater runs.
                  const toDate = e.currentTarget.value;
                  setCustom((c) => ({ ...c, to: toDate }));
                }}
              />
            </label>
          </HStack>
        ) : null}
        <FacilitySelect value={facilityId} onChange={setFacilityId} facilities={facilities.data ?? []} width="52" />
        <LabeledSelect
          label="Channel"
          value={channel}
          onChange={(v) => setChannel(v as AnalyticsChannel | "")}
          width="40"
        >
          {CHANNELS.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </LabeledSelect>
      </Wrap>
      {valid ? (
        <>
          <Text fontSize="sm" color="fg.muted" role="status" data-testid="analytics-period">
            {range.from} to {range.to}, compared with {previousPeriod(range).from} to {previousPeriod(range).to}
          </Text>
          <VolumeSection filter={filter} />
          <OutcomesSection filter={filter} />
          <FunnelSection filter={filter} />
          <LeadsSection filter={filter} />
          <OccupancySection filter={filter} />
          <PaymentsSection filter={filter} />
          <QualitySection filter={filter} />
        </>
      ) : (
        <Text color="fg.muted">Choose a start date on or before the end date.</Text>
      )}
      <DataLoaded />
    </Stack>
  );
}
