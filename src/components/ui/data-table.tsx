"use client";

import { Box, Button, Text, type ButtonProps } from "@chakra-ui/react";
import type { ReactNode } from "react";

import { ErrorState, Loading } from "./states";
import { Table } from "./table";

/** The part of a tRPC/React Query result a section shows: loading, failed (with a retry), or data. */
export interface ViewQuery<T> {
  isLoading: boolean;
  error: { message: string } | null;
  data: T | undefined;
  refetch: () => unknown;
}

/** A list's query: its data is rows. */
export type ListQuery<T> = ViewQuery<readonly T[]>;

/**
 * A section's states in the order the dashboard shows them: a spinner while loading, the error
 * with "Try again", and then `children` with the data (one object: a list's rows go to QueryList).
 */
export function QueryView<T>({
  query,
  loadingLabel,
  children,
}: {
  query: ViewQuery<T>;
  loadingLabel: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isLoading) return <Loading label={loadingLabel} />;
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data === undefined) return null;
  return children(query.data);
}

/**
 * A list's states in the order every list of the dashboard shows them: a spinner while loading, the
 * error with "Try again", the empty text when there is nothing, and otherwise the rows.
 */
export function QueryList<T>({
  query,
  loadingLabel,
  empty,
  children,
}: {
  query: ListQuery<T>;
  loadingLabel: string;
  empty: ReactNode;
  children: (rows: readonly T[]) => ReactNode;
}) {
  return (
    <QueryView query={query} loadingLabel={loadingLabel}>
      {(rows) =>
        rows.length > 0 ? children(rows) : typeof empty === "string" ? <Text color="fg.muted">{empty}</Text> : empty
      }
    </QueryView>
  );
}

/** The part of an infinite query that pages on. */
export interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/** "Show more" under a paged list while there is a next page (style props place the button). */
export function ShowMore({
  query,
  children = "Show more",
  ...button
}: { query: PagedQuery; children?: ReactNode } & Omit<ButtonProps, "onClick" | "loading">) {
  if (!query.hasNextPage) return null;
  return (
    <Button variant="outline" {...button} loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
      {children}
    </Button>
  );
}

/**
 * A column's header; "" for a column without one (row actions). `label` may be an element (a
 * "select all" checkbox); `w` fixes its width.
 */
export type Column = string | { label: ReactNode; align?: "start" | "end" | "center"; w?: string };

/**
 * The dashboard's table: small, scrolling sideways on its own when too wide (stacked as cards on a
 * phone, ./table-cards.ts), named for screen readers, with one header row. The rows are the caller's.
 * With `maxH` a long table scrolls inside that height under a header that stays in view; `framed`
 * draws a rounded border around it (a page's main list).
 */
export function DataTable({
  label,
  columns,
  maxH,
  framed,
  children,
}: {
  label: string;
  columns: readonly Column[];
  maxH?: string;
  framed?: boolean;
  children: ReactNode;
}) {
  return (
    <Box
      overflowX="auto"
      {...(maxH ? { maxH, overflowY: "auto" } : {})}
      {...(framed ? { borderWidth: "1px", rounded: "md" } : {})}
    >
      <Table.Root aria-label={label} stickyHeader={maxH ? true : undefined}>
        <Table.Header>
          <Table.Row>
            {columns.map((c, i) =>
              typeof c === "string" ? (
                <Table.ColumnHeader key={i}>{c || null}</Table.ColumnHeader>
              ) : (
                <Table.ColumnHeader key={i} textAlign={c.align} w={c.w}>
                  {c.label}
                </Table.ColumnHeader>
              ),
            )}
          </Table.Row>
        </Table.Header>
        <Table.Body>{children}</Table.Body>
      </Table.Root>
    </Box>
  );
}
