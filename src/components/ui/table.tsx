import type { ComponentProps, CSSProperties } from "react";

import styles from "./table.module.css";

/**
 * The dashboard's table parts, with the names and the few style props the pages used from Chakra's
 * `Table` (size "sm", the "line" variant), drawn by plain elements and a CSS module.
 *
 * Why not Chakra's: a Chakra table part resolves its recipe and style props and hashes the result
 * at run time, on every render of every cell. The Analytics page renders some 460 of them, a
 * facility page 220; that styling was the largest part of the time those pages took to hydrate
 * (issue 23, `npm run bench:pages`). These cost what a `<td>` costs. The props are typed narrowly:
 * a style this file does not know is a type error, not a silent no-op.
 */

type Align = "start" | "end" | "center";

const ALIGN: Record<Align, string> = { start: styles.alignStart!, end: styles.alignEnd!, center: styles.alignCenter! };

/** A Chakra size token ("80") as its CSS variable; other lengths ("28rem", "1%") as they are. */
function size(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return /^\d+(\.\d+)?$/.test(value) ? `var(--chakra-sizes-${value.replace(".", "\\.")})` : value;
}

function classes(...names: (string | false | undefined | null)[]): string {
  return names.filter(Boolean).join(" ");
}

function Root({
  stickyHeader,
  className,
  ...props
}: ComponentProps<"table"> & { "aria-label": string; stickyHeader?: boolean }) {
  return <table {...props} className={classes(styles.root, stickyHeader && styles.sticky, className)} />;
}

function Header(props: ComponentProps<"thead">) {
  return <thead {...props} />;
}

function Body(props: ComponentProps<"tbody">) {
  return <tbody {...props} />;
}

function Row({
  fontWeight,
  opacity,
  className,
  style,
  ...props
}: ComponentProps<"tr"> & { fontWeight?: "semibold"; opacity?: number }) {
  return (
    <tr
      {...props}
      className={classes(styles.row, fontWeight === "semibold" && styles.semibold, className)}
      style={opacity === undefined ? style : { ...style, opacity }}
    />
  );
}

interface CellStyle {
  textAlign?: Align;
  whiteSpace?: "nowrap";
  color?: "fg.muted";
  fontFamily?: "mono";
  fontSize?: "sm";
  truncate?: boolean;
  /** Long unbroken text (an e-mail address) wraps anywhere instead of widening the table. */
  overflowWrap?: "anywhere";
  /** A size token ("80") or a length ("28rem"). */
  maxW?: string;
  /** A size token or a length. */
  w?: string;
}

function cellClass(base: string, s: CellStyle, className: string | undefined) {
  return classes(
    base,
    s.textAlign && ALIGN[s.textAlign],
    s.whiteSpace === "nowrap" && styles.nowrap,
    s.color === "fg.muted" && styles.muted,
    s.fontFamily === "mono" && styles.mono,
    s.fontSize === "sm" && styles.textSm,
    s.truncate && styles.truncate,
    s.overflowWrap === "anywhere" && styles.wrapAnywhere,
    className,
  );
}

function cellStyle(s: CellStyle, style: CSSProperties | undefined): CSSProperties | undefined {
  if (s.maxW === undefined && s.w === undefined) return style;
  return { ...style, maxWidth: size(s.maxW), width: size(s.w) };
}

function split<P extends CellStyle>(props: P): [CellStyle, Omit<P, keyof CellStyle>] {
  const { textAlign, whiteSpace, color, fontFamily, fontSize, truncate, overflowWrap, maxW, w, ...rest } = props;
  return [{ textAlign, whiteSpace, color, fontFamily, fontSize, truncate, overflowWrap, maxW, w }, rest];
}

function ColumnHeader(props: Omit<ComponentProps<"th">, "color"> & CellStyle) {
  const [s, { className, style, ...rest }] = split(props);
  return <th {...rest} className={cellClass(styles.columnHeader!, s, className)} style={cellStyle(s, style)} />;
}

function Cell(props: Omit<ComponentProps<"td">, "color"> & CellStyle) {
  const [s, { className, style, ...rest }] = split(props);
  return <td {...rest} className={cellClass(styles.cell!, s, className)} style={cellStyle(s, style)} />;
}

export const Table = { Root, Header, Body, Row, ColumnHeader, Cell };
