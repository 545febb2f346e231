"use client";

import { Code, Stack, Table } from "@chakra-ui/react";

import { DataTable, QueryList } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/states";
import { api } from "@/lib/trpc";

export function AuditLogView() {
  const log = api.organization.auditLog.useQuery();
  return (
    <Stack gap={4}>
      <PageHeader title="Audit log" description="Every change made in this organization: who, what and when." />
      <QueryList query={log} loadingLabel="Loading audit log" empty="No changes recorded yet.">
        {(rows) => (
          <DataTable label="Audit log" columns={["When", "Who", "What", "Details"]}>
            {rows.map((e) => (
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
          </DataTable>
        )}
      </QueryList>
    </Stack>
  );
}
