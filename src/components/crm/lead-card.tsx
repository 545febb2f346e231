"use client";

import { Badge, Box, Link, NativeSelect, Text } from "@chakra-ui/react";
import NextLink from "next/link";

import type { RouterOutputs } from "@/components/inventory/types";
import { useOrg } from "@/components/dashboard/org-context";
import { When } from "@/components/ui/when";

import { LEAD_STATUSES } from "./lead-board-queries";

export { LEAD_STATUSES };
export type LeadStatus = (typeof LEAD_STATUSES)[number];
export type LeadRow = RouterOutputs["leads"]["list"]["items"][number];
/** What a dragged card carries besides its id: enough of the row to move it. */
export const LEAD_DRAG_TYPE = "application/x-storage-agent-lead";
export type DraggedLead = Pick<LeadRow, "customer"> & { lead: Pick<LeadRow["lead"], "id" | "status"> };
export const leadName = (l: Pick<LeadRow, "customer">) =>
  l.customer.name || l.customer.phone || l.customer.email || "Unnamed";

/** A draggable card; the "Move to" select is the keyboard and screen-reader route for the same move. */
export function LeadCard({ row, onMove }: { row: LeadRow; onMove: (status: LeadStatus) => void }) {
  const org = useOrg();
  const l = row.lead;
  const size = l.desiredWidthFt && l.desiredLengthFt ? `${l.desiredWidthFt}×${l.desiredLengthFt}` : null;
  return (
    <Box
      as="article"
      aria-label={leadName(row)}
      draggable
      onDragStart={(e) => {
        e.dataTransfer.setData("text/plain", l.id);
        // The card itself for the column it lands on (its status, and its name should "lost" ask why).
        e.dataTransfer.setData(
          LEAD_DRAG_TYPE,
          JSON.stringify({ lead: { id: l.id, status: l.status }, customer: row.customer }),
        );
        e.dataTransfer.effectAllowed = "move";
      }}
      bg="bg"
      borderWidth="1px"
      borderRadius="md"
      p={3}
      cursor="grab"
    >
      <Link asChild fontWeight="medium" colorPalette="blue">
        <NextLink href={org.href(`/customers/${row.customer.id}`)}>{leadName(row)}</NextLink>
      </Link>
      <Text fontSize="xs" color="fg.muted">
        <Badge size="sm" mr={1}>
          {l.source.replace("_", " ")}
        </Badge>
        {size ? `${size} · ` : ""}
        {l.desiredMoveInDate ? `move-in ${l.desiredMoveInDate}` : ""}
      </Text>
      {l.status === "lost" && l.lostReason ? (
        <Text fontSize="xs" mt={1}>
          Lost: {l.lostReason}
        </Text>
      ) : null}
      {l.nextFollowUpAt ? (
        <Text fontSize="xs" mt={1}>
          Follow up <When at={l.nextFollowUpAt} show="date" />
        </Text>
      ) : null}
      <NativeSelect.Root size="xs" mt={2}>
        <NativeSelect.Field
          aria-label={`Move ${leadName(row)} to`}
          value={l.status}
          onChange={(e) => onMove(e.currentTarget.value as LeadStatus)}
        >
          {LEAD_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.replace("_", " ")}
            </option>
          ))}
        </NativeSelect.Field>
        <NativeSelect.Indicator />
      </NativeSelect.Root>
    </Box>
  );
}
