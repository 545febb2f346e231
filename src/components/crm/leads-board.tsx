"use client";

import { Badge, Box, Button, ButtonGroup, Flex, Heading, Link, Stack, Text } from "@chakra-ui/react";
import NextLink from "next/link";
import { useState, type FormEvent } from "react";

import { useOrg } from "@/components/dashboard/org-context";
import { STATUS_COLOR } from "@/components/inventory/format";
import { ErrorState, FormError, Loading, Notice, PageHeader } from "@/components/ui/states";
import { DataLoaded } from "@/components/ui/data-loaded";
import { DataTable, ShowMore } from "@/components/ui/data-table";
import { TextField } from "@/components/ui/text-field";
import { When } from "@/components/ui/when";
import { formatPhone } from "@/lib/format-phone";
import { api } from "@/lib/trpc";

import { boardColumnInput, LIST_PAGE } from "./lead-board-queries";
import { LEAD_DRAG_TYPE, LEAD_STATUSES, LeadCard, leadName, type DraggedLead, type LeadStatus } from "./lead-card";
import { LeadFilters, useLeadFilters, type LeadFilterState } from "./lead-filters";
import { Table } from "@/components/ui/table";

type Move = (row: DraggedLead, status: LeadStatus) => void;

/** The card a drop carries, or null for anything else dropped on a column. */
function dropped(data: string): DraggedLead | null {
  try {
    const row = JSON.parse(data) as DraggedLead;
    return typeof row?.lead?.id === "string" && typeof row.lead.status === "string" && row.customer ? row : null;
  } catch {
    return null;
  }
}

/**
 * Leads by status: drag a card between columns (or use its "Move to" select); lost asks for a reason.
 * Search, filters and sort (kept in the address) apply to the board and the list alike; each column
 * and the list load a page at a time, so thousands of leads never render at once, and a column can
 * be collapsed to its heading and count.
 */
export function LeadsBoard() {
  const utils = api.useUtils();
  const state = useLeadFilters();
  const counts = api.leads.counts.useQuery(state.filters, { placeholderData: (prev) => prev });
  const [losing, setLosing] = useState<DraggedLead | null>(null);
  const change = api.leads.changeStatus.useMutation({
    onSuccess: async () => {
      setLosing(null);
      await Promise.all([utils.leads.list.invalidate(), utils.leads.counts.invalidate()]);
    },
  });

  const move: Move = (row, status) => {
    if (row.lead.status === status) return;
    if (status === "lost") setLosing(row);
    else change.mutate({ leadId: row.lead.id, status });
  };
  function onLost(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!losing) return;
    change.mutate({
      leadId: losing.lead.id,
      status: "lost",
      lostReason: String(new FormData(e.currentTarget).get("reason") ?? ""),
    });
  }
  const total = counts.data ? Object.values(counts.data).reduce((a, n) => a + (n ?? 0), 0) : null;

  return (
    <Stack gap={6}>
      <PageHeader
        title="Leads"
        description="People who asked about a unit: follow them up until they move in."
        actions={
          <ButtonGroup size="sm" variant="outline" attached role="group" aria-label="View">
            {(["board", "list"] as const).map((v) => (
              <Button
                key={v}
                aria-pressed={state.view === v}
                variant={state.view === v ? "solid" : "outline"}
                onClick={() => state.set({ view: v, status: "" })}
              >
                {v === "board" ? "Board" : "List"}
              </Button>
            ))}
          </ButtonGroup>
        }
      />
      <LeadFilters state={state} />
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
      {counts.error ? <ErrorState error={counts.error} onRetry={() => void counts.refetch()} /> : null}
      {total === 0 ? <NoLeads state={state} /> : null}
      {state.view === "board" ? (
        <Flex gap={3} overflowX="auto" pb={2} align="stretch">
          {LEAD_STATUSES.map((s) => (
            <BoardColumn
              key={s}
              status={s}
              state={state}
              count={counts.data ? (counts.data[s] ?? 0) : null}
              onMove={move}
            />
          ))}
        </Flex>
      ) : (
        <LeadsList
          state={state}
          total={counts.data ? (state.status ? (counts.data[state.status] ?? 0) : total) : null}
        />
      )}
      <DataLoaded />
    </Stack>
  );
}

function NoLeads({ state }: { state: LeadFilterState }) {
  return state.filtered ? (
    <Notice title="No leads match">
      Nothing matches this search and these filters.{" "}
      <Button variant="plain" size="sm" p={0} h="auto" colorPalette="blue" onClick={state.clear}>
        Clear them
      </Button>
      .
    </Notice>
  ) : (
    <Text color="fg.muted">No leads yet. Calls, texts, chats and reservations create them.</Text>
  );
}

/** One status: its heading and count, a page of cards with "Show more", or collapsed to the heading. */
function BoardColumn({
  status,
  state,
  count,
  onMove,
}: {
  status: LeadStatus;
  state: LeadFilterState;
  count: number | null;
  onMove: Move;
}) {
  const collapsed = state.collapsed.has(status);
  const [over, setOver] = useState(false);
  const cards = api.leads.list.useInfiniteQuery(boardColumnInput(state.filters, status, state.sort), {
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: !collapsed,
    placeholderData: (p) => p,
  });
  const rows = cards.data?.pages.flatMap((p) => p.items) ?? [];
  const label = status.replace("_", " ");
  const toggle = () => {
    const next = new Set(state.collapsed);
    if (collapsed) next.delete(status);
    else next.add(status);
    state.set({ collapsed: LEAD_STATUSES.filter((s) => next.has(s)).join(",") });
  };
  return (
    <Box
      as="section"
      aria-label={`${label} leads`}
      data-collapsed={collapsed || undefined}
      minW={collapsed ? "36" : "60"}
      flex={collapsed ? "0 0 auto" : "1"}
      bg={over ? "blue.subtle" : "bg.muted"}
      borderRadius="md"
      p={2}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const row = dropped(e.dataTransfer.getData(LEAD_DRAG_TYPE));
        if (row) onMove(row, status);
      }}
    >
      <Flex align="center" justify="space-between" gap={2} mb={2}>
        <Heading as="h2" size="sm" textTransform="capitalize">
          {label} <Badge ml={1}>{count ?? "…"}</Badge>
        </Heading>
        <Button
          size="2xs"
          variant="ghost"
          aria-expanded={!collapsed}
          aria-label={collapsed ? `Expand ${label}` : `Collapse ${label}`}
          onClick={toggle}
        >
          {collapsed ? "Expand" : "Collapse"}
        </Button>
      </Flex>
      {collapsed ? null : (
        <>
          {cards.isLoading ? <Loading label={`Loading ${label} leads`} /> : null}
          {cards.error ? <ErrorState error={cards.error} onRetry={() => void cards.refetch()} /> : null}
          <Stack gap={2} minH="24">
            {rows.map((r) => (
              <LeadCard key={r.lead.id} row={r} onMove={(to) => onMove(r, to)} />
            ))}
          </Stack>
          {count !== null && count > rows.length && rows.length > 0 ? (
            <Text fontSize="xs" color="fg.muted" mt={2}>
              {rows.length} of {count.toLocaleString("en-US")} shown
            </Text>
          ) : null}
          <ShowMore query={cards} size="xs" width="full" mt={2}>
            Show more {label}
          </ShowMore>
        </>
      )}
    </Box>
  );
}

/** The list view: every lead matching, a page at a time ("Show more"), with how many there are. */
function LeadsList({ state, total }: { state: LeadFilterState; total: number | null }) {
  const org = useOrg();
  const list = api.leads.list.useInfiniteQuery(
    { ...state.filters, status: state.status, sort: state.sort, limit: LIST_PAGE },
    { getNextPageParam: (last) => last.nextCursor ?? undefined, placeholderData: (p) => p },
  );
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  if (list.isLoading) return <Loading label="Loading leads" />;
  if (list.error) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (rows.length === 0) return total === 0 ? null : <NoLeads state={state} />;
  return (
    <Box>
      <Text fontSize="sm" color="fg.muted" mb={2} aria-live="polite" data-testid="leads-range">
        {rows.length.toLocaleString("en-US")} of {(total ?? rows.length).toLocaleString("en-US")} leads
      </Text>
      <DataTable label="Leads" columns={["Name", "Contact", "Source", "Status", "Owner", "Desired", "Next follow-up"]}>
        {rows.map((r) => (
          <Table.Row key={r.lead.id}>
            <Table.Cell>
              <Link asChild colorPalette="blue">
                <NextLink href={org.href(`/customers/${r.customer.id}`)}>{leadName(r)}</NextLink>
              </Link>
            </Table.Cell>
            <Table.Cell>{[formatPhone(r.customer.phone), r.customer.email].filter(Boolean).join(" · ")}</Table.Cell>
            <Table.Cell>{r.lead.source.replace("_", " ")}</Table.Cell>
            <Table.Cell>
              <Badge colorPalette={STATUS_COLOR[r.lead.status]}>{r.lead.status.replace("_", " ")}</Badge>
            </Table.Cell>
            <Table.Cell>{r.ownerName ?? "–"}</Table.Cell>
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
      <ShowMore query={list} size="sm" display="flex" mx="auto" mt={4}>
        Show more leads
      </ShowMore>
    </Box>
  );
}
