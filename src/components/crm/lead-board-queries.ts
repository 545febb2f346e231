/**
 * What the Leads page asks for, shared by its components (browser) and its server-side prefetch
 * (src/app/[org]/page-data.ts): the prefetched data is found only under the very same inputs.
 * No "use client": the server reads these values too.
 */
export const LEAD_STATUSES = ["new", "contacted", "quoted", "reserved", "moved_in", "lost"] as const;
export const LEAD_SOURCES = ["call", "sms", "chat", "web", "walk_in"] as const;

/** Cards a board column loads at a time ("Show more" loads the next), and rows of the list view. */
export const COLUMN_PAGE = 25;
export const LIST_PAGE = 50;

/** The page's address keys and their defaults (left out of the address). */
export const LEAD_URL_DEFAULTS = {
  view: "board",
  q: "",
  status: "",
  owner: "anyone",
  facility: "",
  source: "",
  sort: "follow_up",
  collapsed: "",
};

/** The filters of the plain address (/leads): no search, anyone's, every facility and source. */
export const DEFAULT_LEAD_FILTERS = {
  query: "",
  owner: "anyone",
  facilityId: null as string | null,
  source: null as (typeof LEAD_SOURCES)[number] | null,
};
export const DEFAULT_LEAD_SORT = "follow_up" as const;

/** A board column's `leads.list` input (its pages follow by cursor). */
export const boardColumnInput = <S extends string>(
  filters: typeof DEFAULT_LEAD_FILTERS,
  status: (typeof LEAD_STATUSES)[number],
  sort: S,
) => ({ ...filters, status, sort, limit: COLUMN_PAGE });
