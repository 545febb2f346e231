"use client";

import { Badge, Box, Button, Card, Flex, HStack, Input, Stack, Text } from "@chakra-ui/react";
import NextLink from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";

import { useOrg } from "@/components/dashboard/org-context";
import { FormError, Notice, PageHeader } from "@/components/ui/states";
import { DataLoaded } from "@/components/ui/data-loaded";
import { DataTable, QueryList, ShowMore } from "@/components/ui/data-table";
import { LabeledSelect, SearchBox } from "@/components/ui/labeled-select";
import { isDay, isSearch, isUuid, oneOf, useSearchBox, useUrlState } from "@/components/ui/use-url-state";
import { dayStartIn } from "@/lib/org-time";
import { api } from "@/lib/trpc";
import type { ConversationOutcome } from "@/server/db/schema";

import { CHANNEL_LABEL, formatDuration, formatPhone, formatWhen, OUTCOME_COLOR, OUTCOME_LABEL } from "./format";
import { LiveBadge } from "./live-badge";
import { useRealtime, useThrottled } from "./use-realtime";
import { Table } from "@/components/ui/table";

type Channel = "voice" | "sms" | "chat" | "playground";
type Outcome = ConversationOutcome | "none";

function Select({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: [string, string][];
}) {
  return (
    <LabeledSelect label={label} value={value} onChange={onChange} width="44">
      {options.map(([v, l]) => (
        <option key={v} value={v}>
          {l}
        </option>
      ))}
    </LabeledSelect>
  );
}

/**
 * How long the list waits for its live stream to open before it is fetched anyway (a stream that
 * is slow or cannot connect); it is then fetched again once the stream opens.
 */
const STREAM_WAIT_MS = 1000;

function SimulateButtons() {
  const utils = api.useUtils();
  const [notice, setNotice] = useState<string | null>(null);
  const simulate = api.calls.simulate.useMutation({
    onSuccess: (r) => {
      setNotice(
        r.channel === "sms"
          ? `Texting ${formatPhone(r.to)} from ${formatPhone(r.from)}…`
          : `Calling ${formatPhone(r.to)} from ${formatPhone(r.from)}…`,
      );
      void utils.calls.list.invalidate();
    },
  });
  return (
    <Stack gap={2} align={{ base: "stretch", md: "flex-end" }}>
      <HStack>
        <Button
          colorPalette="blue"
          loading={simulate.isPending && simulate.variables?.channel !== "sms"}
          onClick={() => simulate.mutate({ channel: "voice" })}
        >
          Simulate a call
        </Button>
        <Button
          variant="outline"
          loading={simulate.isPending && simulate.variables?.channel === "sms"}
          onClick={() => simulate.mutate({ channel: "sms" })}
        >
          Simulate a text
        </Button>
      </HStack>
      <FormError message={simulate.error?.message ?? null} />
      {notice && !simulate.error ? (
        <Text fontSize="sm" color="fg.muted" role="status">
          {notice}
        </Text>
      ) : null}
    </Stack>
  );
}

const CALL_SORTS = [
  ["newest", "Newest"],
  ["oldest", "Oldest"],
  ["longest", "Longest"],
  ["turns", "Most turns"],
] as const;
const DEFAULTS = { q: "", facility: "", channel: "", outcome: "", from: "", to: "", sort: "newest" };

export function CallsList() {
  const org = useOrg();
  const utils = api.useUtils();
  // Search, filters and sort live in the address: a reload or a shared link shows the same calls.
  const [url, set] = useUrlState(DEFAULTS, {
    q: isSearch,
    facility: isUuid,
    channel: oneOf(Object.keys(CHANNEL_LABEL)),
    outcome: oneOf([...Object.keys(OUTCOME_LABEL), "none"]),
    from: isDay,
    to: isDay,
    sort: oneOf(CALL_SORTS.map(([k]) => k)),
  });
  const search = useSearchBox(url.q, (q) => set({ q }));
  const input = useMemo(
    () => ({
      limit: 25,
      query: search.query,
      sort: url.sort as (typeof CALL_SORTS)[number][0],
      facilityId: url.facility || null,
      channel: (url.channel || null) as Channel | null,
      outcome: (url.outcome || null) as Outcome | null,
      // A day is the organization's day (its time zone), like every time the console shows.
      from: url.from ? dayStartIn(url.from, org.timeZone) : null,
      to: url.to ? dayStartIn(url.to, org.timeZone, 1) : null,
    }),
    [url, search.query, org.timeZone],
  );
  const facilities = api.facilities.list.useQuery();
  const backwards = Boolean(url.from && url.to && url.from > url.to);
  // The list is read once its live stream is open: what changes after that arrives as an event, so
  // one read is enough. A stream that opens later than STREAM_WAIT_MS finds the list already read,
  // and what was published between that read and the opening was sent to no one: the list is read
  // again then, as after every reconnect.
  const [listWanted, setListWanted] = useState(false);
  const listRead = useRef(false);
  const readList = () => {
    listRead.current = true;
    setListWanted(true);
  };
  useEffect(() => {
    const timer = setTimeout(readList, STREAM_WAIT_MS);
    return () => clearTimeout(timer);
  }, []);
  const calls = api.calls.list.useInfiniteQuery(input, {
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: listWanted && !backwards,
    placeholderData: (p) => p,
  });
  const refresh = useThrottled(() => void utils.calls.list.invalidate());
  const live = useRealtime(() => refresh(), {
    onOpen: () => (listRead.current ? refresh() : readList()),
  });
  const rows = calls.data?.pages.flatMap((p) => p.items);
  const filtered = Boolean(search.query || url.facility || url.channel || url.outcome || url.from || url.to);
  const clear = () => {
    search.setText("");
    set({ q: "", facility: "", channel: "", outcome: "", from: "", to: "" });
  };

  return (
    <Box>
      <PageHeader
        title="Calls"
        description="Every call, text and chat the agent handled, live."
        actions={<SimulateButtons />}
      />
      <Card.Root mb={4}>
        <Card.Body>
          <Flex gap={4} wrap="wrap" align="flex-end" role="search" aria-label="Find calls">
            <SearchBox
              what="calls"
              placeholder="Caller, number or words said"
              text={search.text}
              setText={search.setText}
              minW="64"
            />
            <Select
              label="Facility"
              value={url.facility}
              onChange={(v) => set({ facility: v })}
              options={[
                ["", "All facilities"],
                ...((facilities.data ?? []).map((f) => [f.id, f.name]) as [string, string][]),
              ]}
            />
            <Select
              label="Channel"
              value={url.channel}
              onChange={(v) => set({ channel: v })}
              options={[["", "All channels"], ...Object.entries(CHANNEL_LABEL)]}
            />
            <Select
              label="Outcome"
              value={url.outcome}
              onChange={(v) => set({ outcome: v })}
              options={[["", "Any outcome"], ...Object.entries(OUTCOME_LABEL), ["none", "In progress / none"]]}
            />
            <Box>
              <Text fontSize="sm" fontWeight="medium" mb={1.5}>
                From
              </Text>
              <Input
                size="sm"
                type="date"
                aria-label="From date"
                value={url.from}
                onChange={(e) => set({ from: e.currentTarget.value })}
              />
            </Box>
            <Box>
              <Text fontSize="sm" fontWeight="medium" mb={1.5}>
                To
              </Text>
              <Input
                size="sm"
                type="date"
                aria-label="To date"
                value={url.to}
                onChange={(e) => set({ to: e.currentTarget.value })}
              />
            </Box>
            <Select
              label="Sort by"
              value={url.sort}
              onChange={(v) => set({ sort: v })}
              options={CALL_SORTS.map(([k, l]) => [k, l])}
            />
            <Box flex="1" textAlign="right">
              <LiveBadge status={live} />
            </Box>
          </Flex>
        </Card.Body>
      </Card.Root>

      {backwards ? <FormError message="The From date is after the To date." /> : null}
      {backwards ? null : (
        <QueryList
          query={{ isLoading: calls.isPending, error: calls.error, data: rows, refetch: () => void calls.refetch() }}
          loadingLabel="Loading calls"
          empty={
            filtered ? (
              <Notice title="No calls match">
                Nothing matches this search and these filters. Change them or{" "}
                <Button variant="plain" size="sm" p={0} h="auto" colorPalette="blue" onClick={clear}>
                  clear them
                </Button>
                .
              </Notice>
            ) : (
              <Notice title="No calls yet">
                Calls, texts and chats appear here as they happen. Try “Simulate a call” to watch one arrive.
              </Notice>
            )
          }
        >
          {(items) => (
            <DataTable
              label="Calls"
              framed
              columns={["Started", "Channel", "From", "Facility", "Turns", "Duration", "Outcome"]}
            >
              {items.map((c) => (
                <Table.Row key={c.id} data-testid="call-row">
                  <Table.Cell>
                    <NextLink href={org.href(`/calls/${c.id}`)}>{formatWhen(c.startedAt, org.timeZone)}</NextLink>
                  </Table.Cell>
                  <Table.Cell>{CHANNEL_LABEL[c.channel] ?? c.channel}</Table.Cell>
                  <Table.Cell>
                    {c.callerName ? (
                      <>
                        <Text>{c.callerName}</Text>
                        <Text fontSize="xs" color="fg.muted">
                          {formatPhone(c.fromAddress)}
                        </Text>
                      </>
                    ) : (
                      formatPhone(c.fromAddress) || "—"
                    )}
                  </Table.Cell>
                  <Table.Cell>{c.facilityName ?? "—"}</Table.Cell>
                  <Table.Cell>{c.turnCount}</Table.Cell>
                  <Table.Cell>
                    {c.status === "active" ? (
                      <Badge colorPalette="green">Live</Badge>
                    ) : (
                      formatDuration(c.durationSeconds)
                    )}
                  </Table.Cell>
                  <Table.Cell>
                    {c.outcome ? (
                      <Badge colorPalette={OUTCOME_COLOR[c.outcome] ?? "gray"}>
                        {OUTCOME_LABEL[c.outcome] ?? c.outcome}
                      </Badge>
                    ) : null}
                  </Table.Cell>
                </Table.Row>
              ))}
            </DataTable>
          )}
        </QueryList>
      )}
      <ShowMore query={calls} size="sm" display="flex" mx="auto" mt={4}>
        Load more
      </ShowMore>
      <DataLoaded pending={calls.isPending} />
    </Box>
  );
}
