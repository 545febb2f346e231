"use client";

import { Badge, Box, Button, HStack, Input, Link, Stack, Text } from "@chakra-ui/react";
import NextLink from "next/link";

import { useOrg } from "@/components/dashboard/org-context";
import { STATUS_COLOR } from "@/components/inventory/format";
import { DataLoaded } from "@/components/ui/data-loaded";
import { DataTable, QueryList, ShowMore } from "@/components/ui/data-table";
import { FacilitySelect, LabeledSelect, SearchBox } from "@/components/ui/labeled-select";
import { FormError, Notice, PageHeader } from "@/components/ui/states";
import { isDay, isSearch, isUuid, oneOf, useSearchBox, useUrlState } from "@/components/ui/use-url-state";
import { When } from "@/components/ui/when";
import { formatIsoDay } from "@/lib/org-time";
import { api } from "@/lib/trpc";
import { Table } from "@/components/ui/table";

const STATUSES = ["active", "cancelled", "expired", "converted"] as const;
const SORTS = [
  ["created", "Newest"],
  ["move_in", "Move-in date"],
  ["hold_expires", "Hold ends soonest"],
  ["name", "Customer (A–Z)"],
] as const;
const DEFAULTS = { q: "", status: "", facility: "", from: "", to: "", sort: "created" };

/**
 * Reservations (issue 22): search by code, customer or unit; filter by status, facility and move-in
 * dates; sort; 50 at a time with "Show more". The search, filters and sort live in the address.
 */
export function ReservationsList() {
  const org = useOrg();
  const [url, set] = useUrlState(DEFAULTS, {
    q: isSearch,
    status: oneOf(STATUSES),
    facility: isUuid,
    from: isDay,
    to: isDay,
    sort: oneOf(SORTS.map(([k]) => k)),
  });
  const search = useSearchBox(url.q, (q) => set({ q }));
  const facilities = api.facilities.list.useQuery();
  const backwards = Boolean(url.from && url.to && url.from > url.to);
  const list = api.reservations.list.useInfiniteQuery(
    {
      query: search.query,
      status: (url.status || null) as (typeof STATUSES)[number] | null,
      facilityId: url.facility || null,
      moveInFrom: url.from || null,
      moveInTo: url.to || null,
      sort: url.sort as (typeof SORTS)[number][0],
      limit: 50,
    },
    { getNextPageParam: (last) => last.nextCursor ?? undefined, enabled: !backwards, placeholderData: (p) => p },
  );
  const rows = list.data?.pages.flatMap((p) => p.items);
  const filtered = Boolean(search.query || url.status || url.facility || url.from || url.to);
  const clear = () => {
    search.setText("");
    set({ q: "", status: "", facility: "", from: "", to: "" });
  };

  return (
    <Stack gap={6}>
      <PageHeader
        title="Reservations"
        description="Units on hold for customers, and what became of them."
        actions={
          org.can("manager") ? (
            <Button asChild colorPalette="blue">
              <NextLink href={org.href("/reservations/new")}>New reservation</NextLink>
            </Button>
          ) : null
        }
      />
      <HStack gap={4} flexWrap="wrap" align="end" role="search" aria-label="Find reservations">
        <SearchBox
          what="reservations"
          placeholder="Code, name, phone, e-mail or unit"
          text={search.text}
          setText={search.setText}
        />
        <LabeledSelect label="Status" value={url.status} onChange={(v) => set({ status: v })} width="40">
          <option value="">All statuses</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </LabeledSelect>
        {(facilities.data?.length ?? 0) > 1 ? (
          <FacilitySelect
            value={url.facility}
            onChange={(v) => set({ facility: v })}
            facilities={facilities.data ?? []}
          />
        ) : null}
        {(["from", "to"] as const).map((k) => (
          <Box key={k}>
            <Text fontSize="sm" fontWeight="medium" mb={1.5}>
              {k === "from" ? "Move-in from" : "Move-in to"}
            </Text>
            <Input
              size="sm"
              type="date"
              aria-label={k === "from" ? "Move-in from" : "Move-in to"}
              value={url[k]}
              onChange={(e) => set({ [k]: e.currentTarget.value })}
            />
          </Box>
        ))}
        <LabeledSelect label="Sort by" value={url.sort} onChange={(v) => set({ sort: v })}>
          {SORTS.map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </LabeledSelect>
      </HStack>
      {backwards ? <FormError message="The first move-in date is after the last." /> : null}
      {backwards ? null : (
        <QueryList
          query={{ isLoading: list.isLoading, error: list.error, data: rows, refetch: () => void list.refetch() }}
          loadingLabel="Loading reservations"
          empty={
            filtered ? (
              <Notice title="No reservations match">
                Nothing matches this search and these filters.{" "}
                <Button variant="plain" size="sm" p={0} h="auto" colorPalette="blue" onClick={clear}>
                  Clear them
                </Button>
                .
              </Notice>
            ) : (
              "No reservations yet."
            )
          }
        >
          {(items) => (
            <DataTable
              label="Reservations"
              columns={["Code", "Customer", "Facility", "Unit", "Move-in", "Hold until", "Status"]}
            >
              {items.map((r) => (
                <Table.Row key={r.reservation.id}>
                  <Table.Cell>
                    <Link asChild colorPalette="blue" fontFamily="mono">
                      <NextLink href={org.href(`/reservations/${r.reservation.id}`)}>
                        {r.reservation.confirmationCode}
                      </NextLink>
                    </Link>
                  </Table.Cell>
                  <Table.Cell>{r.customer.name || r.customer.phone || r.customer.email}</Table.Cell>
                  <Table.Cell>{r.facilityName}</Table.Cell>
                  <Table.Cell>
                    {r.unitNumber} · {r.unitTypeName}
                  </Table.Cell>
                  <Table.Cell whiteSpace="nowrap">{formatIsoDay(r.reservation.moveInDate)}</Table.Cell>
                  <Table.Cell>
                    <When at={r.reservation.holdExpiresAt} />
                  </Table.Cell>
                  <Table.Cell>
                    <Badge colorPalette={STATUS_COLOR[r.reservation.status]}>{r.reservation.status}</Badge>
                    {r.lapsed ? (
                      <Badge ml={1} colorPalette="red">
                        hold lapsed
                      </Badge>
                    ) : null}
                  </Table.Cell>
                </Table.Row>
              ))}
            </DataTable>
          )}
        </QueryList>
      )}
      <ShowMore query={list} size="sm" display="flex" mx="auto">
        Show more reservations
      </ShowMore>
      <DataLoaded />
    </Stack>
  );
}
