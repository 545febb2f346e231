/** Display helpers for analytics figures. */
export const formatCount = (n: number) => n.toLocaleString("en-US");
export const formatPercent = (r: number | null) =>
  r === null ? "–" : `${(r * 100).toFixed(r < 0.1 && r > 0 ? 1 : 0)}%`;
export const formatMoney = (cents: number) =>
  `$${(cents / 100).toLocaleString("en-US", { minimumFractionDigits: 0, maximumFractionDigits: 0 })}`;
export function formatSeconds(s: number | null): string {
  if (s === null) return "–";
  if (s < 60) return `${Math.round(s)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(Math.round(s % 60)).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.round((s % 3600) / 60)).padStart(2, "0")}m`;
}
/** "Mon 2" from "2026-11-02" (the date is already local: no time-zone shift). */
export const shortDate = (d: string) =>
  new Date(`${d}T12:00:00Z`).toLocaleDateString("en-US", { weekday: "short", day: "numeric", timeZone: "UTC" });
/** Change against the previous period: "+12%" / "−3%" / "new" / "". */
export function change(current: number | null, previous: number | null): { text: string; up: boolean | null } {
  if (current === null || previous === null) return { text: "", up: null };
  if (previous === 0) return current === 0 ? { text: "no change", up: null } : { text: "new", up: true };
  const pct = ((current - previous) / Math.abs(previous)) * 100;
  if (Math.abs(pct) < 0.5) return { text: "no change", up: null };
  return { text: `${pct > 0 ? "+" : "−"}${Math.abs(pct).toFixed(0)}%`, up: pct > 0 };
}
