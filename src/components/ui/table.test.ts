import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { Table } from "./table";
import styles from "./table.module.css";

const html = (el: Parameters<typeof renderToStaticMarkup>[0]) => renderToStaticMarkup(el);

describe("Table parts", () => {
  it("renders plain table elements with the module's classes for the style props the pages use", () => {
    const out = html(
      createElement(
        Table.Root,
        { "aria-label": "Units", stickyHeader: true },
        createElement(
          Table.Body,
          null,
          createElement(
            Table.Row,
            { fontWeight: "semibold", opacity: 0.6 },
            createElement(Table.Cell, { textAlign: "end", whiteSpace: "nowrap", color: "fg.muted" }, "12"),
            createElement(Table.Cell, { maxW: "80", truncate: true, fontFamily: "mono" }, "a long name"),
            createElement(Table.Cell, { maxW: "28rem", colSpan: 2, id: "wide" }, "x"),
          ),
        ),
      ),
    );
    expect(out).toContain(`<table aria-label="Units" class="${styles.root} ${styles.sticky}">`);
    expect(out).toContain(`<tr class="${styles.row} ${styles.semibold}" style="opacity:0.6">`);
    expect(out).toContain(`<td class="${styles.cell} ${styles.alignEnd} ${styles.nowrap} ${styles.muted}">12</td>`);
    expect(out).toContain(
      `<td class="${styles.cell} ${styles.mono} ${styles.truncate}" style="max-width:var(--chakra-sizes-80)">`,
    );
    expect(out).toContain(`<td colSpan="2" id="wide" class="${styles.cell}" style="max-width:28rem">`);
  });

  it("gives every class a name (a rule missing from the CSS module would leave `undefined` in the markup)", () => {
    const out = html(
      createElement(
        Table.Root,
        { "aria-label": "t" },
        createElement(
          Table.Header,
          null,
          createElement(Table.Row, null, createElement(Table.ColumnHeader, { textAlign: "center", w: "10" }, "h")),
        ),
      ),
    );
    expect(out).not.toContain("undefined");
    expect(out).toContain(
      `<th class="${styles.columnHeader} ${styles.alignCenter}" style="width:var(--chakra-sizes-10)">`,
    );
  });
});
