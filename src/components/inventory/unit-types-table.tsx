"use client";

import { Badge, Box, Button, Flex, Heading, HStack, Text } from "@chakra-ui/react";
import NextLink from "next/link";
import { useState } from "react";

import { useOrg } from "@/components/dashboard/org-context";
import { ErrorState, FormError, Loading } from "@/components/ui/states";
import { api } from "@/lib/trpc";

import { label, money } from "./format";
import { UnitTypeForm } from "./unit-type-form";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Table } from "@/components/ui/table";

export function UnitTypesTable({ facilityId, managedBy = null }: { facilityId: string; managedBy?: string | null }) {
  const org = useOrg();
  const utils = api.useUtils();
  const manager = org.can("manager");
  // Unit types, sizes and rates of a PMS-managed facility are the PMS's: no add, edit or delete here.
  const manage = manager && !managedBy;
  const avail = api.inventory.availability.useQuery({ facilityId });
  // Full records (height, "what fits") for the edit form; the availability rows carry the counts.
  const full = api.inventory.unitTypes.useQuery({ facilityId }, { enabled: manager });
  const [form, setForm] = useState<"new" | string | null>(null);
  const remove = api.inventory.deleteUnitType.useMutation({ onSuccess: () => utils.inventory.invalidate() });
  const editing = form && form !== "new" ? full.data?.find((t) => t.id === form) : undefined;
  return (
    <Box>
      <Flex justify="space-between" align="center" mb={3} gap={3}>
        <HStack>
          <Heading as="h2" size="md">
            Unit types and rates
          </Heading>
          {managedBy ? <Badge colorPalette="purple">Managed in {managedBy}</Badge> : null}
        </HStack>
        {manage && form === null ? (
          <Button size="sm" colorPalette="blue" variant="outline" onClick={() => setForm("new")}>
            Add unit type
          </Button>
        ) : null}
      </Flex>
      {form === "new" ? <UnitTypeForm facilityId={facilityId} onDone={() => setForm(null)} /> : null}
      {editing ? (
        <UnitTypeForm
          key={editing.id}
          facilityId={facilityId}
          unitType={editing}
          managedBy={managedBy}
          onDone={() => setForm(null)}
        />
      ) : null}
      <FormError message={remove.error?.message ?? null} />
      {avail.isLoading ? <Loading label="Loading unit types" /> : null}
      {avail.error ? <ErrorState error={avail.error} onRetry={() => avail.refetch()} /> : null}
      {avail.data?.length === 0 ? (
        <Text color="fg.muted">No unit types yet.{manage ? " Add one, then create its units." : ""}</Text>
      ) : null}
      {avail.data && avail.data.length > 0 ? (
        <Box overflowX="auto">
          <Table.Root aria-label="Unit types">
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
                    <HStack justify="flex-end" gap={1}>
                      {manager && t.available > 0 && t.active ? (
                        <Button asChild size="xs" variant="outline">
                          <NextLink
                            href={org.href(`/reservations/new?facilityId=${facilityId}&unitTypeId=${t.unitTypeId}`)}
                            aria-label={`Reserve ${t.name}`}
                          >
                            Reserve
                          </NextLink>
                        </Button>
                      ) : null}
                      {manager ? (
                        <Button
                          size="xs"
                          variant="ghost"
                          aria-label={`Edit ${t.name}`}
                          onClick={() => setForm(t.unitTypeId)}
                          disabled={!full.data}
                        >
                          Edit
                        </Button>
                      ) : null}
                      {manage && t.total === 0 ? (
                        <ConfirmButton
                          size="xs"
                          variant="ghost"
                          colorPalette="red"
                          aria-label={`Delete ${t.name}`}
                          loading={remove.isPending && remove.variables?.unitTypeId === t.unitTypeId}
                          title={`Delete the unit type "${t.name}"?`}
                          onConfirm={() => remove.mutate({ unitTypeId: t.unitTypeId })}
                        >
                          Delete
                        </ConfirmButton>
                      ) : null}
                    </HStack>
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
