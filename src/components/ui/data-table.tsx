"use client";

import { Box, Table, Text } from "@chakra-ui/react";
import type { ReactNode } from "react";

import { ErrorState, Loading } from "./states";

/** The part of a tRPC/React Query result a list shows: loading, failed (with a retry), or rows. */
export interface ListQuery<T> {
  isLoading: boolean;
  error: { message: string } | null;
  data: readonly T[] | undefined;
  refetch: () => unknown;
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
  if (query.isLoading) return <Loading label={loadingLabel} />;
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data) return null;
  if (query.data.length === 0) return typeof empty === "string" ? <Text color="fg.muted">{empty}</Text> : empty;
  return children(query.data);
}

/**
 * A column's header; "" for a column without one (row actions). `label` may be an element (a
 * "select all" checkbox); `w` fixes its width.
 */
export type Column = string | { label: ReactNode; align?: "start" | "end" | "center"; w?: string };

/**
 * The dashboard's table: small, scrolling sideways on its own when too wide (stacked as cards on a
 * phone, ./table-cards.ts), named for screen readers, with one header row. The rows are the caller's.
 * With `maxH` a long table scrolls inside that height under a header that stays in view.
 */
export function DataTable({
  label,
  columns,
  maxH,
  children,
}: {
  label: string;
  columns: readonly Column[];
  maxH?: string;
  children: ReactNode;
}) {
  return (
    <Box overflowX="auto" {...(maxH ? { maxH, overflowY: "auto" } : {})}>
      <Table.Root size="sm" aria-label={label} stickyHeader={maxH ? true : undefined}>
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
