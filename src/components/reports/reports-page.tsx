"use client";

import { Box, Button, Card, Flex, HStack, Stack, Text } from "@chakra-ui/react";
import { useState } from "react";

import { useOrg } from "@/components/dashboard/org-context";
import { FacilitySelect, LabeledSelect } from "@/components/ui/labeled-select";
import { ErrorState, Loading, PageHeader } from "@/components/ui/states";
import { TextField } from "@/components/ui/text-field";
import { api } from "@/lib/trpc";
import type { ReportKind } from "@/server/db/schema";
import { formatCell } from "@/lib/report-format";
import type { Report } from "@/server/reports/types";

import { defaultRange, downloadHref, REPORTS } from "./report-options";
import { ReportSchedules } from "./report-schedules";
import { Table } from "@/components/ui/table";

/** Reports: pick a report, a date range and a facility, preview it, download CSV or PDF; managers schedule e-mails. */
export function ReportsPage() {
  const org = useOrg();
  const facilities = api.facilities.list.useQuery();
  const [report, setReport] = useState<ReportKind>("rent_roll");
  const [{ from, to }, setRange] = useState(defaultRange);
  const [facilityId, setFacilityId] = useState("");
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;
  const q = { report, from, to, facilityId };
  const preview = api.reports.preview.useQuery(
    { report, from, to, facilityId: facilityId || null },
    { enabled: valid },
  );
  const about = REPORTS.find((r) => r.kind === report)!;

  return (
    <Box>
      <PageHeader
        title="Reports"
        description="Rent roll, reservations, leads and calls for a period, as CSV for spreadsheets or PDF to share."
      />
      <Stack gap={6}>
        <Card.Root>
          <Card.Body>
            <form aria-label="Report options" onSubmit={(e) => e.preventDefault()}>
              <Flex gap={4} wrap="wrap" align="end">
                <LabeledSelect label="Report" value={report} onChange={(v) => setReport(v as ReportKind)} width="48">
                  {REPORTS.map((r) => (
                    <option key={r.kind} value={r.kind}>
                      {r.label}
                    </option>
                  ))}
                </LabeledSelect>
                <Box width="44">
                  <TextField
                    label="From"
                    type="date"
                    size="sm"
                    value={from}
                    onChange={(e) => setRange({ from: e.currentTarget.value, to })}
                  />
                </Box>
                <Box width="44">
                  <TextField
                    label="To"
                    type="date"
                    size="sm"
                    value={to}
                    onChange={(e) => setRange({ from, to: e.currentTarget.value })}
                  />
                </Box>
                <FacilitySelect
                  value={facilityId}
                  onChange={setFacilityId}
                  facilities={facilities.data ?? []}
                  width="56"
                />
                <HStack gap={2}>
                  <Button asChild size="sm" colorPalette="blue" disabled={!valid}>
                    <a href={valid ? downloadHref(q, "csv") : undefined} download>
                      Download CSV
                    </a>
                  </Button>
                  <Button asChild size="sm" variant="outline" disabled={!valid}>
                    <a href={valid ? downloadHref(q, "pdf") : undefined} download>
                      Download PDF
                    </a>
                  </Button>
                </HStack>
              </Flex>
              <Text fontSize="sm" color="fg.muted" mt={3}>
                {about.description} Dates are each facility&apos;s local dates
                {report === "rent_roll" ? "; the rent roll is as of the last day" : ""}.
              </Text>
              {!valid ? (
                <Text fontSize="sm" color="fg.error" mt={2} role="alert">
                  Choose a start date on or before the end date.
                </Text>
              ) : null}
            </form>
          </Card.Body>
        </Card.Root>
        {valid ? (
          preview.isLoading ? (
            <Loading label="Building the report" />
          ) : preview.error ? (
            <ErrorState error={preview.error} onRetry={() => void preview.refetch()} />
          ) : preview.data ? (
            <Preview report={preview.data} />
          ) : null
        ) : null}
        {org.can("manager") ? <ReportSchedules facilities={facilities.data ?? []} /> : null}
      </Stack>
    </Box>
  );
}

function Preview({ report: r }: { report: Report & { rowCount: number } }) {
  const numeric = (f: string) => f === "money" || f === "int" || f === "percent";
  return (
    <Card.Root>
      <Card.Body>
        <Stack gap={3}>
          <Box>
            <Text fontWeight="semibold">{r.title}</Text>
            <Text fontSize="sm" color="fg.muted">
              {r.subtitle} · {r.rowCount} {r.rowCount === 1 ? "row" : "rows"}
              {r.rowCount > r.rows.length ? ` (the first ${r.rows.length} shown; downloads have them all)` : ""}
            </Text>
          </Box>
          <Box overflowX="auto">
            <Table.Root aria-label={`${r.title} preview`}>
              <Table.Header>
                <Table.Row>
                  {r.columns.map((c) => (
                    <Table.ColumnHeader key={c.key} textAlign={numeric(c.format) ? "end" : "start"} whiteSpace="nowrap">
                      {c.label}
                    </Table.ColumnHeader>
                  ))}
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {r.rows.length === 0 ? (
                  <Table.Row>
                    <Table.Cell colSpan={r.columns.length} color="fg.muted">
                      No rows in this period.
                    </Table.Cell>
                  </Table.Row>
                ) : null}
                {r.rows.map((row, i) => (
                  <Table.Row key={i}>
                    {r.columns.map((c) => (
                      <Table.Cell key={c.key} textAlign={numeric(c.format) ? "end" : "start"} maxW="80" truncate>
                        {formatCell(row[c.key] ?? null, c.format, "print")}
                      </Table.Cell>
                    ))}
                  </Table.Row>
                ))}
                {r.totals && r.rows.length ? (
                  <Table.Row fontWeight="semibold">
                    {r.columns.map((c) => (
                      <Table.Cell key={c.key} textAlign={numeric(c.format) ? "end" : "start"}>
                        {formatCell(r.totals![c.key] ?? null, c.format, "print")}
                      </Table.Cell>
                    ))}
                  </Table.Row>
                ) : null}
              </Table.Body>
            </Table.Root>
          </Box>
        </Stack>
      </Card.Body>
    </Card.Root>
  );
}
