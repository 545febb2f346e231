"use client";

import { Badge, Box, Button, Card, Flex, Stack, Text } from "@chakra-ui/react";
import { useState } from "react";

import { FacilitySelect, LabeledSelect } from "@/components/ui/labeled-select";
import { DataTable, QueryList } from "@/components/ui/data-table";
import { FormError } from "@/components/ui/states";
import { TextField } from "@/components/ui/text-field";
import { api } from "@/lib/trpc";
import type { ReportFrequency, ReportKind } from "@/server/db/schema";

import { reportLabel, REPORTS } from "./report-options";
import { Table } from "@/components/ui/table";

/** Managers: reports e-mailed weekly (last Monday-to-Sunday week) or monthly (last month) with CSV and PDF attached. */
export function ReportSchedules({ facilities }: { facilities: { id: string; name: string }[] }) {
  const utils = api.useUtils();
  const schedules = api.reports.schedules.useQuery();
  const refresh = () => utils.reports.schedules.invalidate();
  const create = api.reports.createSchedule.useMutation({ onSuccess: refresh });
  const update = api.reports.updateSchedule.useMutation({ onSuccess: refresh });
  const remove = api.reports.deleteSchedule.useMutation({ onSuccess: refresh });
  const [report, setReport] = useState<ReportKind>("rent_roll");
  const [frequency, setFrequency] = useState<ReportFrequency>("weekly");
  const [facilityId, setFacilityId] = useState("");
  const [recipients, setRecipients] = useState("");
  const facilityName = (id: string | null) =>
    id ? (facilities.find((f) => f.id === id)?.name ?? "A facility") : "All facilities";

  return (
    <Card.Root>
      <Card.Body>
        <Stack gap={4}>
          <Box>
            <Text fontWeight="semibold">E-mail schedules</Text>
            <Text fontSize="sm" color="fg.muted">
              Weekly reports cover the last Monday-to-Sunday week and go out on Monday; monthly ones cover last month
              and go out on the 1st. Each period is sent once.
            </Text>
          </Box>
          <form
            aria-label="New report schedule"
            onSubmit={(e) => {
              e.preventDefault();
              const list = recipients.split(/[\s,;]+/).filter(Boolean);
              create.mutate(
                { report, frequency, facilityId: facilityId || null, recipients: list },
                { onSuccess: () => setRecipients("") },
              );
            }}
          >
            <Stack gap={3}>
              <FormError message={create.error?.message ?? update.error?.message ?? remove.error?.message ?? null} />
              <Flex gap={4} wrap="wrap" align="end">
                <LabeledSelect
                  label="Scheduled report"
                  value={report}
                  onChange={(v) => setReport(v as ReportKind)}
                  width="48"
                >
                  {REPORTS.map((r) => (
                    <option key={r.kind} value={r.kind}>
                      {r.label}
                    </option>
                  ))}
                </LabeledSelect>
                <LabeledSelect
                  label="Every"
                  value={frequency}
                  onChange={(v) => setFrequency(v as ReportFrequency)}
                  width="36"
                >
                  <option value="weekly">Week</option>
                  <option value="monthly">Month</option>
                </LabeledSelect>
                <FacilitySelect
                  label="For"
                  value={facilityId}
                  onChange={setFacilityId}
                  facilities={facilities}
                  width="56"
                />
                <Box flex="1" minW="64">
                  <TextField
                    label="Recipients"
                    size="sm"
                    placeholder="owner@example.com, books@example.com"
                    value={recipients}
                    onChange={(e) => setRecipients(e.currentTarget.value)}
                  />
                </Box>
                <Button
                  type="submit"
                  size="sm"
                  colorPalette="blue"
                  loading={create.isPending}
                  disabled={!recipients.trim()}
                >
                  Schedule
                </Button>
              </Flex>
            </Stack>
          </form>
          <QueryList
            query={schedules}
            loadingLabel="Loading schedules"
            empty={
              <Text fontSize="sm" color="fg.muted">
                No schedules yet.
              </Text>
            }
          >
            {(rows) => (
              <DataTable label="Report schedules" columns={["Report", "Every", "For", "Recipients", ""]}>
                {rows.map((s) => (
                  <Table.Row key={s.id}>
                    <Table.Cell>
                      {reportLabel(s.report)} {s.enabled ? null : <Badge ml={2}>paused</Badge>}
                    </Table.Cell>
                    <Table.Cell>{s.frequency === "weekly" ? "Week" : "Month"}</Table.Cell>
                    <Table.Cell>{facilityName(s.facilityId)}</Table.Cell>
                    <Table.Cell>{s.recipients.join(", ")}</Table.Cell>
                    <Table.Cell textAlign="end" whiteSpace="nowrap">
                      <Button
                        size="xs"
                        variant="ghost"
                        onClick={() => update.mutate({ scheduleId: s.id, patch: { enabled: !s.enabled } })}
                      >
                        {s.enabled ? "Pause" : "Resume"}
                      </Button>
                      <Button
                        size="xs"
                        variant="ghost"
                        colorPalette="red"
                        onClick={() => remove.mutate({ scheduleId: s.id })}
                        aria-label={`Delete the ${reportLabel(s.report)} schedule`}
                      >
                        Delete
                      </Button>
                    </Table.Cell>
                  </Table.Row>
                ))}
              </DataTable>
            )}
          </QueryList>
        </Stack>
      </Card.Body>
    </Card.Root>
  );
}
