"use client";

import { Badge, Box, Button, Link, NativeSelect, Stack, Table, Text } from "@chakra-ui/react";
import NextLink from "next/link";
import { useState } from "react";

import { useOrg } from "@/components/dashboard/org-context";
import { STATUS_COLOR } from "@/components/inventory/format";
import { DataLoaded } from "@/components/ui/data-loaded";
import { DataTable, QueryList } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/states";
import { api } from "@/lib/trpc";
import { When } from "@/components/ui/when";

const STATUSES = ["active", "cancelled", "expired", "converted"] as const;
type Status = (typeof STATUSES)[number];

export function ReservationsList() {
  const org = useOrg();
  const [status, setStatus] = useState<Status | "">("");
  const list = api.reservations.list.useQuery({ status: status || undefined });
  return (
    <Stack gap={6}>
      <PageHeader
        title="Reservations"
        description="Units on hold for customers, and what became of them."
        actions={
          org.can("manager") ? (
            <Button asChild colorPalette="blue">
              <NextLink href={org.href("/reservations/new")}>New reservation</NextLink>
            </Button>
          ) : null
        }
      />
      <Box>
        <Text fontSize="sm" fontWeight="medium" mb={1.5}>
          Status
        </Text>
        <NativeSelect.Root size="sm" width="44">
          <NativeSelect.Field
            aria-label="Filter reservations by status"
            value={status}
            onChange={(e) => setStatus(e.currentTarget.value as Status | "")}
          >
            <option value="">All statuses</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </NativeSelect.Field>
          <NativeSelect.Indicator />
        </NativeSelect.Root>
      </Box>
      <QueryList
        query={list}
        loadingLabel="Loading reservations"
        empty={`No reservations${status ? ` with status ${status}` : ""}.`}
      >
        {(rows) => (
          <DataTable
            label="Reservations"
            columns={["Code", "Customer", "Facility", "Unit", "Move-in", "Hold until", "Status"]}
          >
            {rows.map((r) => (
              <Table.Row key={r.reservation.id}>
                <Table.Cell>
                  <Link asChild colorPalette="blue" fontFamily="mono">
                    <NextLink href={org.href(`/reservations/${r.reservation.id}`)}>
                      {r.reservation.confirmationCode}
                    </NextLink>
                  </Link>
                </Table.Cell>
                <Table.Cell>{r.customer.name || r.customer.phone || r.customer.email}</Table.Cell>
                <Table.Cell>{r.facilityName}</Table.Cell>
                <Table.Cell>
                  {r.unitNumber} · {r.unitTypeName}
                </Table.Cell>
                <Table.Cell>{r.reservation.moveInDate}</Table.Cell>
                <Table.Cell>
                  <When at={r.reservation.holdExpiresAt} />
                </Table.Cell>
                <Table.Cell>
                  <Badge colorPalette={STATUS_COLOR[r.reservation.status]}>{r.reservation.status}</Badge>
                  {r.lapsed ? (
                    <Badge ml={1} colorPalette="red">
                      hold lapsed
                    </Badge>
                  ) : null}
                </Table.Cell>
              </Table.Row>
            ))}
          </DataTable>
        )}
      </QueryList>
      <DataLoaded />
    </Stack>
  );
}
