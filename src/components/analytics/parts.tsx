"use client";

import { Box, Card, Heading, Stack, Text } from "@chakra-ui/react";
import type { ReactNode } from "react";

import { change } from "./format";
import { Table } from "@/components/ui/table";

/** Shared building blocks of the Analytics page and the Overview. */
export const COLORS = {
  current: "var(--chakra-colors-blue-500)",
  previous: "var(--chakra-colors-gray-400)",
  second: "var(--chakra-colors-teal-500)",
  third: "var(--chakra-colors-orange-400)",
  fourth: "var(--chakra-colors-purple-500)",
};

/** A figure with the previous period's value and the change beside it. */
export function StatCard({
  label,
  value,
  previous,
  current,
  prevValue,
  href,
  hint,
}: {
  label: string;
  value: string;
  previous?: string;
  current?: number | null;
  prevValue?: number | null;
  href?: ReactNode;
  hint?: string;
}) {
  const delta = current !== undefined && prevValue !== undefined ? change(current, prevValue) : null;
  return (
    <Card.Root size="sm" role="group" aria-label={label}>
      <Card.Body gap={1}>
        <Text fontSize="sm" color="fg.muted">
          {label}
        </Text>
        <Text fontSize="2xl" fontWeight="semibold" data-testid={`stat-${label}`}>
          {value}
        </Text>
        {previous !== undefined ? (
          <Text fontSize="xs" color="fg.muted">
            {delta?.text ? (
              <Text
                as="span"
                color={delta.up === null ? "fg.muted" : delta.up ? "green.600" : "red.600"}
                fontWeight="medium"
                mr={1}
              >
                {delta.text}
              </Text>
            ) : null}
            {hint ?? "previous"}: {previous}
          </Text>
        ) : null}
        {href}
      </Card.Body>
    </Card.Root>
  );
}

export function Section({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: ReactNode;
}) {
  return (
    <Card.Root as="section" aria-label={title}>
      <Card.Body>
        <Stack gap={4}>
          <Box>
            <Heading size="md">{title}</Heading>
            {description ? (
              <Text fontSize="sm" color="fg.muted">
                {description}
              </Text>
            ) : null}
          </Box>
          {children}
        </Stack>
      </Card.Body>
    </Card.Root>
  );
}

/** A plain table: header cells and rows of already formatted text. */
export function DataTable({
  caption,
  head,
  rows,
  numeric = [],
}: {
  caption: string;
  head: string[];
  rows: (string | number)[][];
  numeric?: number[];
}) {
  return (
    <Box overflowX="auto">
      <Table.Root aria-label={caption}>
        <Table.Header>
          <Table.Row>
            {head.map((h, i) => (
              <Table.ColumnHeader key={h} textAlign={numeric.includes(i) ? "end" : undefined}>
                {h}
              </Table.ColumnHeader>
            ))}
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {rows.length === 0 ? (
            <Table.Row>
              <Table.Cell colSpan={head.length} color="fg.muted">
                Nothing in this period.
              </Table.Cell>
            </Table.Row>
          ) : (
            rows.map((r, i) => (
              <Table.Row key={i}>
                {r.map((c, j) => (
                  <Table.Cell key={j} textAlign={numeric.includes(j) ? "end" : undefined}>
                    {c}
                  </Table.Cell>
                ))}
              </Table.Row>
            ))
          )}
        </Table.Body>
      </Table.Root>
    </Box>
  );
}
