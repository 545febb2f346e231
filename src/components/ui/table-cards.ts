"use client";

import { useEffect, type RefObject } from "react";

/**
 * Tables as cards on a phone. Below Chakra's `sm` breakpoint (480 px) every table in the dashboard
 * stacks: each row becomes a bordered card and each cell a line led by its column's name, so a
 * 390 px screen needs no sideways scrolling. The CSS (`TABLE_CARDS_CSS`) does the layout; this hook
 * gives each cell its column name (`data-label`, from the table's header row) as tables render or
 * change, so no list has to repeat its column names. A table marked `data-keep-table` is left as is.
 */
export const TABLE_CARDS_CSS = {
  "@media (max-width: 479.98px)": {
    "& table:not([data-keep-table])": { display: "block", width: "100%" },
    "& table:not([data-keep-table]) thead": { display: "none" },
    "& table:not([data-keep-table]) tbody": { display: "block" },
    "& table:not([data-keep-table]) tr": {
      display: "block",
      borderWidth: "1px",
      borderColor: "border",
      borderRadius: "md",
      padding: "2",
      marginBottom: "3",
    },
    "& table:not([data-keep-table]) td": {
      display: "flex",
      justifyContent: "space-between",
      alignItems: "baseline",
      gap: "3",
      borderBottomWidth: "0",
      paddingX: "1",
      paddingY: "1",
      textAlign: "end",
      overflowWrap: "anywhere",
    },
    "& table:not([data-keep-table]) td[data-label]::before": {
      content: "attr(data-label)",
      fontWeight: "medium",
      color: "fg.muted",
      textAlign: "start",
      flexShrink: 0,
    },
  },
} as const;

function labelCells(root: HTMLElement) {
  for (const table of root.querySelectorAll<HTMLTableElement>("table:not([data-keep-table])")) {
    const head = table.tHead?.rows[0];
    if (!head) continue;
    const names: string[] = [];
    for (const th of head.cells) for (let i = 0; i < th.colSpan; i++) names.push(th.textContent?.trim() ?? "");
    for (const body of table.tBodies)
      for (const row of body.rows) {
        let col = 0;
        for (const cell of row.cells) {
          const name = names[col] ?? "";
          // A cell spanning the row ("No calls yet") or under an empty header (actions) has no label.
          if (name && cell.colSpan === 1) {
            if (cell.getAttribute("data-label") !== name) cell.setAttribute("data-label", name);
          } else if (cell.hasAttribute("data-label")) cell.removeAttribute("data-label");
          col += cell.colSpan;
        }
      }
  }
}

export function useTableCards(ref: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    labelCells(root);
    // Our own attribute changes are not watched (attributes: false), so this cannot loop.
    const observer = new MutationObserver(() => labelCells(root));
    observer.observe(root, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, [ref]);
}
