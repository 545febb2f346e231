"use client";

import { HStack } from "@chakra-ui/react";

import { FacilitySelect, LabeledSelect, SearchBox } from "@/components/ui/labeled-select";
import { isSearch, isUuid, oneOf, useSearchBox, useUrlState } from "@/components/ui/use-url-state";
import { api } from "@/lib/trpc";

import { LEAD_SOURCES, LEAD_STATUSES, LEAD_URL_DEFAULTS } from "./lead-board-queries";

export { LEAD_SOURCES };
export const LEAD_SORTS = [
  ["follow_up", "Follow-up due"],
  ["recent", "Recently changed"],
  ["created", "Newest"],
  ["name", "Name (A–Z)"],
  ["score", "Score"],
] as const;
type Sort = (typeof LEAD_SORTS)[number][0];

/** Owner: anyone, me, nobody or a member id (Better Auth's ids: letters, digits, - and _). */
const isOwner = (v: string) => /^[A-Za-z0-9_-]{1,100}$/.test(v);

/**
 * The Leads page's state in its address (src/components/ui/use-url-state.ts): view, search, status
 * (list view), owner, facility, source, sort and the board's collapsed columns. Unknown values read
 * as the defaults.
 */
export function useLeadFilters() {
  const [url, set] = useUrlState(LEAD_URL_DEFAULTS, {
    view: oneOf(["board", "list"]),
    q: isSearch,
    status: oneOf(LEAD_STATUSES),
    owner: isOwner,
    facility: isUuid,
    source: oneOf(LEAD_SOURCES),
    sort: oneOf(LEAD_SORTS.map(([k]) => k)),
  });
  const search = useSearchBox(url.q, (q) => set({ q }));
  const filters = {
    query: search.query,
    owner: url.owner,
    facilityId: url.facility || null,
    source: (url.source || null) as (typeof LEAD_SOURCES)[number] | null,
  };
  const collapsed = new Set(url.collapsed.split(",").filter((s) => (LEAD_STATUSES as readonly string[]).includes(s)));
  const filtered = Boolean(search.query || url.owner !== "anyone" || url.facility || url.source || url.status);
  return {
    url,
    set,
    search,
    filters,
    sort: url.sort as Sort,
    view: url.view as "board" | "list",
    status: (url.status || null) as (typeof LEAD_STATUSES)[number] | null,
    collapsed,
    filtered,
    clear: () => {
      search.setText("");
      set({ q: "", status: "", owner: "anyone", facility: "", source: "" });
    },
  };
}
export type LeadFilterState = ReturnType<typeof useLeadFilters>;

export function LeadFilters({ state }: { state: LeadFilterState }) {
  const { url, set, search } = state;
  const team = api.team.list.useQuery();
  const facilities = api.facilities.list.useQuery();
  return (
    <HStack gap={4} flexWrap="wrap" align="end" role="search" aria-label="Find leads">
      <SearchBox what="leads" placeholder="Name, phone or e-mail" text={search.text} setText={search.setText} />
      {state.view === "list" ? (
        <LabeledSelect label="Status" value={url.status} onChange={(v) => set({ status: v })}>
          <option value="">Any status</option>
          {LEAD_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.replace("_", " ")}
            </option>
          ))}
        </LabeledSelect>
      ) : null}
      <LabeledSelect label="Owner" value={url.owner} onChange={(v) => set({ owner: v })}>
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
        <FacilitySelect
          value={url.facility}
          onChange={(v) => set({ facility: v })}
          facilities={facilities.data ?? []}
        />
      ) : null}
      <LabeledSelect label="Source" value={url.source} onChange={(v) => set({ source: v })}>
        <option value="">Any source</option>
        {LEAD_SOURCES.map((s) => (
          <option key={s} value={s}>
            {s.replace("_", " ")}
          </option>
        ))}
      </LabeledSelect>
      <LabeledSelect label="Sort by" value={url.sort} onChange={(v) => set({ sort: v })}>
        {LEAD_SORTS.map(([k, label]) => (
          <option key={k} value={k}>
            {label}
          </option>
        ))}
      </LabeledSelect>
    </HStack>
  );
}
