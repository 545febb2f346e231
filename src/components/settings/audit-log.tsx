"use client";

import { Box, Code, Stack, Table, Text } from "@chakra-ui/react";

import { ErrorState, Loading, PageHeader } from "@/components/ui/states";
import { api } from "@/lib/trpc";

export function AuditLogView() {
  const log = api.organization.auditLog.useQuery();
  return (
    <Stack gap={4}>
      <PageHeader title="Audit log" description="Every change made in this organization: who, what and when." />
      {log.isLoading ? <Loading label="Loading audit log" /> : null}
      {log.error ? <ErrorState error={log.error} onRetry={() => log.refetch()} /> : null}
      {log.data?.length === 0 ? <Text color="fg.muted">No changes recorded yet.</Text> : null}
      {log.data && log.data.length > 0 ? (
        <Box overflowX="auto">
          <Table.Root size="sm" aria-label="Audit log">
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeader>When</Table.ColumnHeader>
                <Table.ColumnHeader>Who</Table.ColumnHeader>
                <Table.ColumnHeader>What</Table.ColumnHeader>
                <Table.ColumnHeader>Details</Table.ColumnHeader>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {log.data.map((e) => (
                <Table.Row key={e.id}>
                  <Table.Cell whiteSpace="nowrap">{new Date(e.createdAt).toLocaleString()}</Table.Cell>
                  <Table.Cell>{e.actorLabel}</Table.Cell>
                  <Table.Cell>
                    <Code>{e.action}</Code>
                  </Table.Cell>
                  <Table.Cell>
                    <Code fontSize="xs" whiteSpace="pre-wrap">
                      {JSON.stringify(e.data)}
                    </Code>
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table.Root>
        </Box>
      ) : null}
    </Stack>
  );
}
