"use client";

import { Badge, Box, Button, ButtonGroup, Flex, Heading, Link, Stack, Table, Text } from "@chakra-ui/react";
import NextLink from "next/link";
import { useState, type FormEvent } from "react";

import { useOrg } from "@/components/dashboard/org-context";
import { STATUS_COLOR } from "@/components/inventory/format";
import { FormError, PageHeader } from "@/components/ui/states";
import { DataLoaded } from "@/components/ui/data-loaded";
import { DataTable, QueryList, type ListQuery } from "@/components/ui/data-table";
import { TextField } from "@/components/ui/text-field";
import { api } from "@/lib/trpc";

import { LEAD_STATUSES, LeadCard, leadName, type LeadRow, type LeadStatus } from "./lead-card";
import { When } from "@/components/ui/when";

/** Cards fetched per column, and rows in the list view: the totals come from leads.counts. */
const COLUMN_LIMIT = 100;
const LIST_LIMIT = 500;

/** Leads by status: drag a card between columns (or use its "Move to" select); lost asks for a reason. */
export function LeadsBoard() {
  const org = useOrg();
  const utils = api.useUtils();
  const [view, setView] = useState<"board" | "list">("board");
  // Each column pages on its own, so a big "lost" pile cannot crowd new leads off the board.
  const columns = api.useQueries((t) =>
    LEAD_STATUSES.map((status) => t.leads.list({ status, limit: COLUMN_LIMIT }, { enabled: view === "board" })),
  );
  const list = api.leads.list.useQuery({ limit: LIST_LIMIT }, { enabled: view === "list" });
  const counts = api.leads.counts.useQuery();
  const shown = view === "board" ? columns : [list];
  const data = shown.every((q) => q.data) ? shown.flatMap((q) => q.data ?? []) : undefined;
  // The board's five columns (or the list) load, fail and retry as one list.
  const leads: ListQuery<LeadRow> = {
    data,
    isLoading: shown.some((q) => q.isLoading),
    error: shown.find((q) => q.error)?.error ?? null,
    refetch: () => shown.forEach((q) => void q.refetch()),
  };
  const total = counts.data ? Object.values(counts.data).reduce((a, n) => a + (n ?? 0), 0) : null;
  const [over, setOver] = useState<LeadStatus | null>(null);
  const [losing, setLosing] = useState<LeadRow | null>(null);
  const change = api.leads.changeStatus.useMutation({
    onSuccess: async () => {
      setLosing(null);
      await Promise.all([utils.leads.list.invalidate(), utils.leads.counts.invalidate()]);
    },
  });

  function move(leadId: string, status: LeadStatus) {
    const row = data?.find((r) => r.lead.id === leadId);
    if (!row || row.lead.status === status) return;
    if (status === "lost") setLosing(row);
    else change.mutate({ leadId, status });
  }
  function onLost(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!losing) return;
    change.mutate({
      leadId: losing.lead.id,
      status: "lost",
      lostReason: String(new FormData(e.currentTarget).get("reason") ?? ""),
    });
  }

  const noLeads = <Text color="fg.muted">No leads yet. Calls, texts, chats and reservations create them.</Text>;
  const board = (all: readonly LeadRow[]) => (
    <Flex gap={3} overflowX="auto" pb={2} align="stretch">
      {LEAD_STATUSES.map((s) => {
        const rows = all.filter((r) => r.lead.status === s);
        const count = counts.data ? (counts.data[s] ?? 0) : rows.length;
        return (
          <Box
            key={s}
            as="section"
            aria-label={`${s.replace("_", " ")} leads`}
            minW="60"
            flex="1"
            bg={over === s ? "blue.subtle" : "bg.muted"}
            borderRadius="md"
            p={2}
            onDragOver={(e) => {
              e.preventDefault();
              setOver(s);
            }}
            onDragLeave={() => setOver((o) => (o === s ? null : o))}
            onDrop={(e) => {
              e.preventDefault();
              setOver(null);
              move(e.dataTransfer.getData("text/plain"), s);
            }}
          >
            <Heading as="h2" size="sm" mb={2} textTransform="capitalize">
              {s.replace("_", " ")} <Badge ml={1}>{count}</Badge>
            </Heading>
            <Stack gap={2} minH="24">
              {rows.map((r) => (
                <LeadCard key={r.lead.id} row={r} onMove={(to) => move(r.lead.id, to)} />
              ))}
            </Stack>
            {count > rows.length ? (
              <Text fontSize="xs" color="fg.muted" mt={2}>
                Showing the {rows.length} due for follow-up first, of {count}.
              </Text>
            ) : null}
          </Box>
        );
      })}
    </Flex>
  );

  return (
    <Stack gap={6}>
      <PageHeader
        title="Leads"
        description="People who asked about a unit: follow them up until they move in."
        actions={
          <ButtonGroup size="sm" variant="outline" attached role="group" aria-label="View">
            <Button
              aria-pressed={view === "board"}
              variant={view === "board" ? "solid" : "outline"}
              onClick={() => setView("board")}
            >
              Board
            </Button>
            <Button
              aria-pressed={view === "list"}
              variant={view === "list" ? "solid" : "outline"}
              onClick={() => setView("list")}
            >
              List
            </Button>
          </ButtonGroup>
        }
      />
      <FormError message={change.error?.message ?? null} />
      {losing ? (
        <Box borderWidth="1px" borderRadius="md" p={4}>
          <form onSubmit={onLost} aria-label="Mark lead lost">
            <Text fontWeight="medium" mb={2}>
              Why was {leadName(losing)} lost?
            </Text>
            <Flex gap={3} direction={{ base: "column", md: "row" }} align={{ md: "flex-end" }}>
              <TextField label="Lost reason" name="reason" required autoFocus />
              <Button type="submit" colorPalette="red" loading={change.isPending}>
                Mark lost
              </Button>
              <Button variant="ghost" onClick={() => setLosing(null)}>
                Keep
              </Button>
            </Flex>
          </form>
        </Box>
      ) : null}
      <QueryList
        query={leads}
        loadingLabel="Loading leads"
        empty={
          // The empty board keeps its columns (and their counts) above the note.
          view === "board" ? (
            <>
              {board([])}
              {noLeads}
            </>
          ) : (
            noLeads
          )
        }
      >
        {(all) =>
          view === "board" ? (
            board(all)
          ) : (
            <Box>
              {total !== null && total > all.length ? (
                <Text fontSize="sm" color="fg.muted" mb={2}>
                  Showing the {all.length} due for follow-up first, of {total} leads.
                </Text>
              ) : null}
              <DataTable label="Leads" columns={["Name", "Contact", "Source", "Status", "Desired", "Next follow-up"]}>
                {all.map((r) => (
                  <Table.Row key={r.lead.id}>
                    <Table.Cell>
                      <Link asChild colorPalette="blue">
                        <NextLink href={org.href(`/customers/${r.customer.id}`)}>{leadName(r)}</NextLink>
                      </Link>
                    </Table.Cell>
                    <Table.Cell>{[r.customer.phone, r.customer.email].filter(Boolean).join(" · ")}</Table.Cell>
                    <Table.Cell>{r.lead.source.replace("_", " ")}</Table.Cell>
                    <Table.Cell>
                      <Badge colorPalette={STATUS_COLOR[r.lead.status]}>{r.lead.status.replace("_", " ")}</Badge>
                    </Table.Cell>
                    <Table.Cell>
                      {r.lead.desiredWidthFt && r.lead.desiredLengthFt
                        ? `${r.lead.desiredWidthFt}×${r.lead.desiredLengthFt}`
                        : ""}{" "}
                      {r.lead.desiredMoveInDate ?? ""}
                    </Table.Cell>
                    <Table.Cell>
                      <When at={r.lead.nextFollowUpAt} fallback="–" />
                    </Table.Cell>
                  </Table.Row>
                ))}
              </DataTable>
            </Box>
          )
        }
      </QueryList>
      <DataLoaded />
    </Stack>
  );
}
