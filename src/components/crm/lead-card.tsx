"use client";

import NextLink from "next/link";

import type { RouterOutputs } from "@/components/inventory/types";
import { useOrg } from "@/components/dashboard/org-context";
import { When } from "@/components/ui/when";

import { LEAD_STATUSES } from "./lead-board-queries";
import styles from "./lead-card.module.css";

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
  const name = leadName(row);
  return (
    <article
      className={styles.card}
      aria-label={name}
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
    >
      <NextLink className={styles.name} href={org.href(`/customers/${row.customer.id}`)}>
        {name}
      </NextLink>
      <p className={styles.meta}>
        <span className={styles.badge}>{l.source.replace("_", " ")}</span>
        {size ? `${size} · ` : ""}
        {l.desiredMoveInDate ? `move-in ${l.desiredMoveInDate}` : ""}
      </p>
      {l.status === "lost" && l.lostReason ? <p className={styles.note}>Lost: {l.lostReason}</p> : null}
      {l.nextFollowUpAt ? (
        <p className={styles.note}>
          Follow up <When at={l.nextFollowUpAt} show="date" />
        </p>
      ) : null}
      <div className={styles.move}>
        <select
          className={styles.select}
          aria-label={`Move ${name} to`}
          value={l.status}
          onChange={(e) => onMove(e.currentTarget.value as LeadStatus)}
        >
          {LEAD_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.replace("_", " ")}
            </option>
          ))}
        </select>
        <svg
          className={styles.chevron}
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
          strokeLinejoin="round"
          aria-hidden="true"
        >
          <path d="m6 9 6 6 6-6" />
        </svg>
      </div>
    </article>
  );
}
