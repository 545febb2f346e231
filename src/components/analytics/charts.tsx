import type { CSSProperties, ReactNode } from "react";

import styles from "./charts.module.css";

/**
 * The Analytics page's charts: grouped or stacked bars (upright or sideways) and step lines, drawn
 * as one SVG stretched over the plot area with the axes and the legend in HTML.
 *
 * Why not a chart library: recharts, which drew these before, took about a quarter of the page's
 * main-thread time on every load (its store, selectors and a component per tick, bar and grid line,
 * and measuring the container before drawing) and 470 KB of script (issue 23, `npm run bench:pages`).
 * These charts need no measuring: bars and lines are laid out in the SVG's own units and stretched
 * to the box (`preserveAspectRatio="none"`; strokes keep their width with `non-scaling-stroke`).
 * Hovering a category highlights it and shows its values (the SVG `<title>`); the exact figures of
 * every chart are also in the table beside it.
 */

export interface Series {
  key: string;
  name: string;
  color: string;
}

type Row = Record<string, string | number | null>;

/** Ticks from 0 to a round top at or above `max`: steps of 1, 2 or 5 times a power of ten, whole numbers. */
export function countTicks(max: number, target = 4): number[] {
  if (!(max > 0)) return [0, 1, 2, 3, 4];
  const raw = max / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power);
  // Small counts still get `target` steps of one (0-4 for a top of 2), as a chart of 0-2 looks cramped.
  const top = step === 1 ? Math.max(target, Math.ceil(max)) : Math.ceil(max / step) * step;
  return Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
}

/** Which category labels fit under the axis: all of a few, else every k-th so at most `most` show. */
function labelled(count: number, most = 8): (i: number) => boolean {
  const every = Math.max(1, Math.ceil(count / most));
  return (i) => i % every === 0;
}

const num = (v: string | number | null | undefined) => (typeof v === "number" && Number.isFinite(v) ? v : null);

function tip(row: Row, category: string, series: readonly Series[], unit: string) {
  const values = series.map((s) => {
    const v = num(row[s.key]);
    return `${s.name}: ${v === null ? "–" : `${v}${unit}`}`;
  });
  return `${String(row[category] ?? "")}: ${values.join(", ")}`;
}

function Legend({ series, swatch }: { series: readonly Series[]; swatch: "box" | "line" }) {
  return (
    <ul className={styles.legend}>
      {series.map((s) => (
        <li key={s.key}>
          <span
            className={styles.swatch}
            style={swatch === "line" ? { background: s.color, height: 3 } : { background: s.color }}
          />
          {s.name}
        </li>
      ))}
    </ul>
  );
}

function Frame({
  label,
  height,
  yAxis,
  xAxis,
  yAxisWidth,
  legend,
  children,
}: {
  label: string;
  height: number;
  yAxis: ReactNode;
  xAxis: ReactNode;
  yAxisWidth?: number;
  legend: ReactNode;
  children: ReactNode;
}) {
  const style = { height: `${height}px`, ...(yAxisWidth ? { "--y-axis-width": `${yAxisWidth}px` } : {}) };
  return (
    <div role="img" aria-label={label} className={styles.chart} style={style as CSSProperties}>
      <div className={styles.frame}>
        {yAxis}
        <div className={styles.area}>{children}</div>
        <div className={styles.xAxis}>{xAxis}</div>
      </div>
      {legend}
    </div>
  );
}

/** Value ticks up the side (0 at the bottom). */
function ValueAxis({ ticks, unit = "" }: { ticks: readonly number[]; unit?: string }) {
  const top = ticks[ticks.length - 1] ?? 1;
  return (
    <div className={styles.yAxis} aria-hidden="true">
      {ticks.map((t) => (
        <span key={t} style={{ bottom: `${(t / top) * 100}%` }}>
          {t.toLocaleString("en-US")}
          {unit}
        </span>
      ))}
    </div>
  );
}

/** Category labels along the bottom, centred under their band. */
function CategoryAxis({ labels }: { labels: readonly string[] }) {
  const show = labelled(labels.length);
  return (
    <>
      {labels.map((l, i) =>
        show(i) ? (
          <span key={i} style={{ left: `${((i + 0.5) / labels.length) * 100}%` }}>
            {l}
          </span>
        ) : null,
      )}
    </>
  );
}

/** Dashed lines across the plot at each value tick but 0 (the axis line is there). */
function ValueGrid({ ticks, across, upright }: { ticks: readonly number[]; across: number; upright: boolean }) {
  const top = ticks[ticks.length - 1] ?? 1;
  return (
    <>
      {ticks.slice(1).map((t) => {
        const at = upright ? 100 - (t / top) * 100 : (t / top) * 100;
        return upright ? (
          <line key={t} className={styles.grid} x1={0} x2={across} y1={at} y2={at} />
        ) : (
          <line key={t} className={styles.grid} x1={at} x2={at} y1={0} y2={across} />
        );
      })}
    </>
  );
}

/**
 * Bars per category: side by side (`stacked` false) or on top of each other; upright with the
 * categories along the bottom, or sideways (`horizontal`) with them down the side.
 */
export function BarChart({
  label,
  data,
  category,
  series,
  height = 240,
  stacked = false,
  horizontal = false,
  categoryWidth = 110,
}: {
  label: string;
  data: readonly Row[];
  category: string;
  series: readonly Series[];
  height?: number;
  stacked?: boolean;
  horizontal?: boolean;
  /** Sideways charts: the room for the category labels, in pixels. */
  categoryWidth?: number;
}) {
  const n = Math.max(1, data.length);
  const totals = data.map((r) =>
    stacked
      ? series.reduce((sum, s) => sum + (num(r[s.key]) ?? 0), 0)
      : Math.max(0, ...series.map((s) => num(r[s.key]) ?? 0)),
  );
  const ticks = countTicks(Math.max(0, ...totals));
  const top = ticks[ticks.length - 1] ?? 1;
  const labels = data.map((r) => String(r[category] ?? ""));
  // In SVG units each category is a band 1 wide (or tall) and values run 0-100.
  const gap = 0.1;
  const barSize = stacked ? 1 - 2 * gap : (1 - 2 * gap) / series.length;
  const bars = data.map((r, i) => {
    let base = 0;
    const rects = series.map((s, k) => {
      const v = num(r[s.key]) ?? 0;
      const length = (v / top) * 100;
      const along = i + gap + (stacked ? 0 : k * barSize);
      const from = stacked ? base : 0;
      base += stacked ? length : 0;
      return horizontal ? (
        <rect key={s.key} x={from} y={along} width={length} height={barSize} style={{ fill: s.color }} />
      ) : (
        <rect key={s.key} x={along} y={100 - from - length} width={barSize} height={length} style={{ fill: s.color }} />
      );
    });
    return (
      <g key={i} className={styles.band}>
        <title>{tip(r, category, series, "")}</title>
        {horizontal ? (
          <rect className={styles.hit} x={0} y={i} width={100} height={1} />
        ) : (
          <rect className={styles.hit} x={i} y={0} width={1} height={100} />
        )}
        {rects}
      </g>
    );
  });
  return horizontal ? (
    <Frame
      label={label}
      height={height}
      yAxisWidth={categoryWidth}
      yAxis={
        <div className={`${styles.yAxis} ${styles.yAxisBands}`} aria-hidden="true">
          {labels.map((l, i) => (
            <span key={i} style={{ top: `${((i + 0.5) / n) * 100}%` }} title={l}>
              {l}
            </span>
          ))}
        </div>
      }
      xAxis={ticks.map((t) => (
        <span key={t} style={{ left: `${(t / top) * 100}%` }}>
          {t.toLocaleString("en-US")}
        </span>
      ))}
      legend={<Legend series={series} swatch="box" />}
    >
      <svg viewBox={`0 0 100 ${n}`} preserveAspectRatio="none" aria-hidden="true">
        <ValueGrid ticks={ticks} across={n} upright={false} />
        {bars}
      </svg>
    </Frame>
  ) : (
    <Frame
      label={label}
      height={height}
      yAxis={<ValueAxis ticks={ticks} />}
      xAxis={<CategoryAxis labels={labels} />}
      legend={<Legend series={series} swatch="box" />}
    >
      <svg viewBox={`0 0 ${n} 100`} preserveAspectRatio="none" aria-hidden="true">
        <ValueGrid ticks={ticks} across={n} upright />
        {bars}
      </svg>
    </Frame>
  );
}

/**
 * Lines that hold each value until the next category (a step after each point), on a fixed scale
 * from 0 to `max`; a missing value (null) leaves a gap.
 */
export function StepLineChart({
  label,
  data,
  category,
  series,
  height = 240,
  max,
  unit = "",
}: {
  label: string;
  data: readonly Row[];
  category: string;
  series: readonly Series[];
  height?: number;
  max: number;
  unit?: string;
}) {
  const n = Math.max(1, data.length);
  const ticks = Array.from({ length: 5 }, (_, i) => (max / 4) * i);
  const y = (v: number) => 100 - (Math.min(Math.max(v, 0), max) / max) * 100;
  const path = (key: string) => {
    let d = "";
    let open = false;
    data.forEach((r, i) => {
      const v = num(r[key]);
      if (v === null) {
        open = false;
        return;
      }
      // Each value covers its category's band, and the line steps at the band's edge.
      d += open ? ` V${y(v)} H${i + 1}` : ` M${i} ${y(v)} H${i + 1}`;
      open = true;
    });
    return d.trim();
  };
  return (
    <Frame
      label={label}
      height={height}
      yAxis={<ValueAxis ticks={ticks} unit={unit} />}
      xAxis={<CategoryAxis labels={data.map((r) => String(r[category] ?? ""))} />}
      legend={<Legend series={series} swatch="line" />}
    >
      <svg viewBox={`0 0 ${n} 100`} preserveAspectRatio="none" aria-hidden="true">
        <ValueGrid ticks={ticks} across={n} upright />
        {data.map((r, i) => (
          <g key={i} className={styles.band}>
            <title>{tip(r, category, series, unit)}</title>
            <rect className={styles.hit} x={i} y={0} width={1} height={100} />
          </g>
        ))}
        {series.map((s) => (
          <path key={s.key} className={styles.line} d={path(s.key)} style={{ stroke: s.color }} />
        ))}
      </svg>
    </Frame>
  );
}
