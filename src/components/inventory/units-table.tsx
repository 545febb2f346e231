"use client";

import { Badge, Box, Button, Flex, Heading, HStack, NativeSelect, Stack, Text } from "@chakra-ui/react";
import { useState } from "react";

import { useOrg } from "@/components/dashboard/org-context";
import { DataTable, QueryList } from "@/components/ui/data-table";
import { FormError, Notice } from "@/components/ui/states";
import { TextField } from "@/components/ui/text-field";
import { api } from "@/lib/trpc";

import { STATUS_COLOR } from "./format";
import { Table } from "@/components/ui/table";

const STATUSES = ["available", "reserved", "occupied", "unavailable"] as const;
type Status = (typeof STATUSES)[number];

/** Units of one facility; managers select rows and mark them available or unavailable in bulk. */
export function UnitsTable({ facilityId, managedBy = null }: { facilityId: string; managedBy?: string | null }) {
  const org = useOrg();
  const utils = api.useUtils();
  // A unit the PMS manages changes status there (its status syncs here), never here.
  const manage = org.can("manager") && !managedBy;
  const [status, setStatus] = useState<Status | "">("");
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [target, setTarget] = useState<"available" | "unavailable">("unavailable");
  const [reason, setReason] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const units = api.inventory.units.useQuery({ facilityId, status: status || undefined });
  const change = api.inventory.changeUnitStatus.useMutation({
    onSuccess: async () => {
      setNotice(`${selected.size} unit${selected.size === 1 ? "" : "s"} marked ${target}.`);
      setSelected(new Set());
      setReason("");
      await utils.inventory.units.invalidate();
      await utils.inventory.availability.invalidate();
    },
  });
  const rows = units.data ?? [];
  const allSelected = rows.length > 0 && rows.every((u) => selected.has(u.id));
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });

  return (
    <Box>
      <Flex justify="space-between" align={{ md: "flex-end" }} direction={{ base: "column", md: "row" }} gap={3} mb={3}>
        <Heading as="h2" size="md">
          Units
        </Heading>
        <Box>
          <Text fontSize="sm" fontWeight="medium" mb={1.5}>
            Status filter
          </Text>
          <NativeSelect.Root size="sm" width="44">
            <NativeSelect.Field
              aria-label="Filter units by status"
              value={status}
              onChange={(e) => {
                setStatus(e.currentTarget.value as Status | "");
                setSelected(new Set());
              }}
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
      </Flex>
      {manage && selected.size > 0 ? (
        <Stack borderWidth="1px" borderRadius="md" p={3} mb={3} gap={2} aria-label="Bulk status change">
          <Text fontWeight="medium">{selected.size} selected</Text>
          <Flex gap={2} direction={{ base: "column", md: "row" }} align={{ md: "flex-end" }}>
            <NativeSelect.Root size="sm" width="44">
              <NativeSelect.Field
                aria-label="New status"
                value={target}
                onChange={(e) => setTarget(e.currentTarget.value as "available" | "unavailable")}
              >
                <option value="unavailable">unavailable</option>
                <option value="available">available</option>
              </NativeSelect.Field>
              <NativeSelect.Indicator />
            </NativeSelect.Root>
            <Box flex="1">
              <TextField label="Reason" size="sm" value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
            </Box>
            <Button
              size="sm"
              colorPalette="blue"
              loading={change.isPending}
              onClick={() => change.mutate({ unitIds: [...selected], status: target, reason: reason || null })}
            >
              Change status
            </Button>
          </Flex>
        </Stack>
      ) : null}
      <FormError message={change.error?.message ?? null} />
      {notice ? <Notice status="success" title={notice} /> : null}
      <QueryList
        query={units}
        loadingLabel="Loading units"
        empty={`No units${status ? ` with status ${status}` : ""}.`}
      >
        {(rows) => (
          <DataTable
            label="Units"
            maxH="32rem"
            columns={[
              ...(manage
                ? [
                    {
                      label: (
                        <input
                          type="checkbox"
                          aria-label="Select all units"
                          checked={allSelected}
                          onChange={() => setSelected(allSelected ? new Set() : new Set(rows.map((u) => u.id)))}
                        />
                      ),
                      w: "8",
                    },
                  ]
                : []),
              "Unit",
              "Type",
              "Floor",
              "Status",
            ]}
          >
            {rows.map((u) => (
              <Table.Row key={u.id}>
                {manage ? (
                  <Table.Cell>
                    <input
                      type="checkbox"
                      aria-label={`Select unit ${u.number}`}
                      checked={selected.has(u.id)}
                      onChange={() => toggle(u.id)}
                    />
                  </Table.Cell>
                ) : null}
                <Table.Cell>{u.number}</Table.Cell>
                <Table.Cell>{u.unitTypeName}</Table.Cell>
                <Table.Cell>{u.floor ?? "–"}</Table.Cell>
                <Table.Cell>
                  <HStack gap={1}>
                    <Badge colorPalette={STATUS_COLOR[u.status]}>{u.status}</Badge>
                    {u.status === "reserved" && u.free ? <Badge colorPalette="green">hold lapsed</Badge> : null}
                  </HStack>
                </Table.Cell>
              </Table.Row>
            ))}
          </DataTable>
        )}
      </QueryList>
      {managedBy ? (
        <Text fontSize="sm" color="fg.muted" mt={2}>
          Managed in {managedBy}: unit status changes there (a rental, a reservation, a unit taken offline) and syncs
          here.
        </Text>
      ) : !manage ? (
        <Text fontSize="sm" color="fg.muted" mt={2}>
          Managers and above can change unit status.
        </Text>
      ) : null}
    </Box>
  );
}
