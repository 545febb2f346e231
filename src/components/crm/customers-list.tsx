"use client";

import { Badge, Button, HStack, Link, Stack, Text } from "@chakra-ui/react";
import NextLink from "next/link";
import { useEffect, useState } from "react";

import { useOrg } from "@/components/dashboard/org-context";
import { STATUS_COLOR } from "@/components/inventory/format";
import { DataLoaded } from "@/components/ui/data-loaded";
import { DataTable } from "@/components/ui/data-table";
import { FacilitySelect, LabeledSelect, SearchBox } from "@/components/ui/labeled-select";
import { ErrorState, Loading, PageHeader } from "@/components/ui/states";
import { formatPhone } from "@/lib/format-phone";
import { api } from "@/lib/trpc";

import { LEAD_STATUSES } from "./lead-card";
import { Table } from "@/components/ui/table";

const PAGE_SIZE = 50;
const SORTS = [
  ["recent", "Recently changed"],
  ["last_contact", "Last contact"],
  ["created", "Newest"],
  ["name", "Name (A–Z)"],
] as const;
type Sort = (typeof SORTS)[number][0];
type Status = (typeof LEAD_STATUSES)[number] | "no_lead" | "";

/** Waits `ms` after the last keystroke, so a search runs once per pause rather than once per letter. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

/**
 * Everyone the organization knows (issue 22, "find anyone"): search by name, phone in any format
 * or e-mail; filter by lead status, lead owner, facility, tenants; sort; 50 to a page with the total.
 */
export function CustomersList() {
  const org = useOrg();
  const [text, setText] = useState("");
  // At most 100 characters, as the server searches (SearchBox says so; a longer paste is cut).
  const query = useDebounced(text.trim().slice(0, 100).trim(), 300);
  const [status, setStatus] = useState<Status>("");
  const [owner, setOwner] = useState("anyone");
  const [facilityId, setFacilityId] = useState("");
  const [tenantsOnly, setTenantsOnly] = useState(false);
  const [sort, setSort] = useState<Sort>("recent");
  // The page belongs to what is asked for: any change of search, filter or sort starts at page 1.
  const asked = JSON.stringify([query, status, owner, facilityId, tenantsOnly, sort]);
  const [paging, setPaging] = useState({ asked, page: 1 });
  const page = paging.asked === asked ? paging.page : 1;
  const setPage = (p: number) => setPaging({ asked, page: p });
  const list = api.customers.browse.useQuery(
    {
      query,
      status: status || null,
      owner,
      facilityId: facilityId || null,
      tenantsOnly,
      sort,
      page,
      pageSize: PAGE_SIZE,
    },
    { placeholderData: (prev) => prev },
  );
  const team = api.team.list.useQuery();
  const facilities = api.facilities.list.useQuery();
  const data = list.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  const first = data && data.total > 0 ? (data.page - 1) * PAGE_SIZE + 1 : 0;
  const last = data ? first + data.items.length - 1 : 0;
  const filtered = Boolean(query || status || owner !== "anyone" || facilityId || tenantsOnly);

  return (
    <Stack gap={4}>
      <PageHeader title="Customers" description="Everyone who called, texted, chatted, reserved or rents a unit." />
      <HStack gap={4} flexWrap="wrap" align="end">
        <SearchBox what="customers" placeholder="Name, phone or e-mail" text={text} setText={setText} />
        <LabeledSelect label="Lead status" value={status} onChange={(v) => setStatus(v as Status)}>
          <option value="">Any</option>
          {LEAD_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.replace("_", " ")}
            </option>
          ))}
          <option value="no_lead">No lead</option>
        </LabeledSelect>
        <LabeledSelect label="Lead owner" value={owner} onChange={setOwner}>
          <option value="anyone">Anyone</option>
          <option value="me">Me</option>
          <option value="nobody">Nobody</option>
          {(team.data?.members ?? []).map((m) => (
            <option key={m.id} value={m.id}>
              {m.name || m.email}
            </option>
          ))}
        </LabeledSelect>
        {(facilities.data?.length ?? 0) > 1 ? (
          <FacilitySelect value={facilityId} onChange={setFacilityId} facilities={facilities.data ?? []} />
        ) : null}
        <LabeledSelect
          label="Show"
          value={tenantsOnly ? "tenants" : "all"}
          onChange={(v) => setTenantsOnly(v === "tenants")}
        >
          <option value="all">Everyone</option>
          <option value="tenants">Tenants (renting now)</option>
        </LabeledSelect>
        <LabeledSelect label="Sort by" value={sort} onChange={(v) => setSort(v as Sort)}>
          {SORTS.map(([k, label]) => (
            <option key={k} value={k}>
              {label}
            </option>
          ))}
        </LabeledSelect>
      </HStack>
      {list.isLoading ? <Loading label="Loading customers" /> : null}
      {list.error ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : null}
      {data && data.total === 0 ? (
        <Text color="fg.muted">
          {filtered
            ? "No customers match: change the search or the filters."
            : "No customers yet. Calls, texts, chats and reservations add them."}
        </Text>
      ) : null}
      {data && data.total > 0 ? (
        <>
          <Text fontSize="sm" color="fg.muted" aria-live="polite" data-testid="customers-range">
            {first}–{last} of {data.total.toLocaleString("en-US")}
          </Text>
          <DataTable
            label="Customers"
            columns={["Name", "Phone", "E-mail", "Lead", "Owner", "Facility", "Last contact", "Added"]}
          >
            {data.items.map((c) => (
              <Table.Row key={c.id}>
                <Table.Cell>
                  <Link asChild colorPalette="blue">
                    <NextLink href={org.href(`/customers/${c.id}`)}>{c.name || "(no name)"}</NextLink>
                  </Link>
                  {c.tenant ? (
                    <Badge ml={2} colorPalette="green" size="sm">
                      tenant
                    </Badge>
                  ) : null}
                </Table.Cell>
                <Table.Cell whiteSpace="nowrap">{formatPhone(c.phone) || "–"}</Table.Cell>
                <Table.Cell>{c.email ?? "–"}</Table.Cell>
                <Table.Cell>
                  {c.leadStatus ? (
                    <Badge colorPalette={STATUS_COLOR[c.leadStatus]}>{c.leadStatus.replace("_", " ")}</Badge>
                  ) : (
                    "–"
                  )}
                </Table.Cell>
                <Table.Cell>{c.ownerName ?? "–"}</Table.Cell>
                <Table.Cell>{c.facilityName ?? "–"}</Table.Cell>
                <Table.Cell whiteSpace="nowrap">{c.lastContactAt ? org.dateTime(c.lastContactAt) : "–"}</Table.Cell>
                <Table.Cell whiteSpace="nowrap">{org.date(c.createdAt)}</Table.Cell>
              </Table.Row>
            ))}
          </DataTable>
          <HStack gap={3} justify="space-between" flexWrap="wrap">
            <Text fontSize="sm" color="fg.muted">
              Page {data.page} of {pages}
            </Text>
            <HStack gap={2}>
              <Button size="sm" variant="outline" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                Previous
              </Button>
              <Button size="sm" variant="outline" disabled={page >= pages} onClick={() => setPage(page + 1)}>
                Next
              </Button>
            </HStack>
          </HStack>
        </>
      ) : null}
      <DataLoaded />
    </Stack>
  );
}
