"use client";

import { Button, Code, HStack, Stack, Text } from "@chakra-ui/react";
import { useMemo, useState } from "react";

import { DataTable, QueryList, ShowMore } from "@/components/ui/data-table";
import { LabeledSelect } from "@/components/ui/labeled-select";
import { PageHeader } from "@/components/ui/states";
import { TextField } from "@/components/ui/text-field";
import { useTimeZone } from "@/components/dashboard/org-context";
import { dayStartIn } from "@/lib/org-time";
import { api } from "@/lib/trpc";
import { When } from "@/components/ui/when";
import { Table } from "@/components/ui/table";

/**
 * Settings > Audit log: every change, newest first, as a sentence (who, what, when), filtered by
 * area or action, by who and by dates, 50 at a time with "Show more"; "Export CSV" downloads the
 * same filter (times in the organization's time zone).
 */
export function AuditLogView() {
  const timeZone = useTimeZone();
  const [action, setAction] = useState("");
  const [actor, setActor] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const filter = useMemo(
    () => ({
      action: action || null,
      actor: actor.trim() || null,
      // Whole days of the organization (its time zone, as the entries and the export show them):
      // from the start of `from` to the end of `to`.
      from: from ? dayStartIn(from, timeZone) : null,
      to: to ? dayStartIn(to, timeZone, 1) : null,
    }),
    [action, actor, from, to, timeZone],
  );
  const log = api.organization.auditLog.useInfiniteQuery(
    { ...filter, limit: 50 },
    { getNextPageParam: (last) => last.nextCursor ?? undefined },
  );
  const facets = api.organization.auditFacets.useQuery();
  const rows = log.data?.pages.flatMap((p) => p.items);
  const exportHref = `/api/audit-log/export.csv?${new URLSearchParams(
    Object.entries({
      action: filter.action ?? "",
      actor: filter.actor ?? "",
      from: filter.from?.toISOString() ?? "",
      to: filter.to?.toISOString() ?? "",
    }).filter(([, v]) => v),
  ).toString()}`;
  return (
    <Stack gap={4}>
      <PageHeader
        title="Audit log"
        description="Every change made in this organization: who, what and when."
        actions={
          <Button asChild variant="outline" size="sm">
            <a href={exportHref} download>
              Export CSV
            </a>
          </Button>
        }
      />
      <HStack gap={3} flexWrap="wrap" align="end">
        <LabeledSelect label="What" value={action} onChange={setAction}>
          <option value="">Everything</option>
          {(facets.data?.areas ?? []).map((a) => (
            <optgroup key={a} label={a.replace(/_/g, " ")}>
              <option value={a}>All {a.replace(/_/g, " ")}</option>
              {(facets.data?.actions ?? [])
                .filter((x) => x.split(".")[0] === a && x !== a)
                .map((x) => (
                  <option key={x} value={x}>
                    {x.replace(/[._]/g, " ")}
                  </option>
                ))}
            </optgroup>
          ))}
        </LabeledSelect>
        <TextField label="Who" size="sm" value={actor} onChange={(e) => setActor(e.currentTarget.value)} />
        <TextField label="From" size="sm" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextField label="To" size="sm" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
      </HStack>
      <QueryList
        query={{ isLoading: log.isLoading, error: log.error, data: rows, refetch: () => void log.refetch() }}
        loadingLabel="Loading audit log"
        empty="No changes recorded for this filter."
      >
        {(items) => (
          <DataTable label="Audit log" columns={["When", "Who", "What", "Details"]}>
            {items.map((e) => (
              <Table.Row key={e.id} data-testid="audit-entry">
                <Table.Cell data-label="When" whiteSpace="nowrap">
                  <When at={e.createdAt} />
                </Table.Cell>
                <Table.Cell data-label="Who">{e.actorLabel}</Table.Cell>
                <Table.Cell data-label="What">
                  <Text>{e.description}</Text>
                  <Code fontSize="xs">{e.action}</Code>
                </Table.Cell>
                <Table.Cell data-label="Details">
                  <Code fontSize="xs" whiteSpace="pre-wrap" wordBreak="break-word">
                    {JSON.stringify(e.data)}
                  </Code>
                </Table.Cell>
              </Table.Row>
            ))}
          </DataTable>
        )}
      </QueryList>
      <ShowMore query={log} alignSelf="start" />
    </Stack>
  );
}
