"use client";

import { Badge, Box, Button, Heading, Table, Text } from "@chakra-ui/react";
import NextLink from "next/link";

import { useOrg } from "@/components/dashboard/org-context";
import { ErrorState, Loading } from "@/components/ui/states";
import { api } from "@/lib/trpc";

import { label, money } from "./format";

export function UnitTypesTable({ facilityId }: { facilityId: string }) {
  const org = useOrg();
  const avail = api.inventory.availability.useQuery({ facilityId });
  return (
    <Box>
      <Heading as="h2" size="md" mb={3}>
        Unit types and rates
      </Heading>
      {avail.isLoading ? <Loading label="Loading unit types" /> : null}
      {avail.error ? <ErrorState error={avail.error} onRetry={() => avail.refetch()} /> : null}
      {avail.data?.length === 0 ? <Text color="fg.muted">No unit types yet.</Text> : null}
      {avail.data && avail.data.length > 0 ? (
        <Box overflowX="auto">
          <Table.Root size="sm" aria-label="Unit types">
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeader>Unit type</Table.ColumnHeader>
                <Table.ColumnHeader>Size</Table.ColumnHeader>
                <Table.ColumnHeader>Features</Table.ColumnHeader>
                <Table.ColumnHeader textAlign="end">Street rate</Table.ColumnHeader>
                <Table.ColumnHeader textAlign="end">Web rate</Table.ColumnHeader>
                <Table.ColumnHeader textAlign="end">Available</Table.ColumnHeader>
                <Table.ColumnHeader />
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {avail.data.map((t) => (
                <Table.Row key={t.unitTypeId}>
                  <Table.Cell>
                    {t.name}
                    {t.active ? null : <Badge ml={2}>inactive</Badge>}
                  </Table.Cell>
                  <Table.Cell>
                    {t.widthFt}×{t.lengthFt} ft
                  </Table.Cell>
                  <Table.Cell>
                    {t.features.map((f) => (
                      <Badge key={f} mr={1} size="sm">
                        {label(f)}
                      </Badge>
                    ))}
                  </Table.Cell>
                  <Table.Cell textAlign="end">{money(t.streetRateCents)}</Table.Cell>
                  <Table.Cell textAlign="end">{money(t.webRateCents)}</Table.Cell>
                  <Table.Cell textAlign="end">
                    {t.available} / {t.total}
                  </Table.Cell>
                  <Table.Cell textAlign="end">
                    {org.can("manager") && t.available > 0 && t.active ? (
                      <Button asChild size="xs" variant="outline">
                        <NextLink href={org.href(`/reservations/new?facilityId=${facilityId}&unitTypeId=${t.unitTypeId}`)} aria-label={`Reserve ${t.name}`}>
                          Reserve
                        </NextLink>
                      </Button>
                    ) : null}
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table.Root>
        </Box>
      ) : null}
    </Box>
  );
}
