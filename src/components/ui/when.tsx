"use client";

import { useTimeZone } from "@/components/dashboard/org-context";
import { formatDate, formatDateTime, formatTime } from "@/lib/org-time";

/**
 * A time as text in the organization's time zone (src/lib/org-time.ts): "Dec 6, 2026, 4:03 PM", or
 * the date or the time alone. `fallback` when there is no time.
 */
export function When({
  at,
  show = "dateTime",
  fallback = "",
}: {
  at: Date | string | number | null | undefined;
  show?: "dateTime" | "date" | "time";
  fallback?: string;
}) {
  const tz = useTimeZone();
  const text = show === "date" ? formatDate(at, tz) : show === "time" ? formatTime(at, tz) : formatDateTime(at, tz);
  return <>{text || fallback}</>;
}
